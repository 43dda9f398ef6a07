namespace BsrnVideo.Infer.Onnx.CustomOps;

/// <summary>
/// The few SIMD operations <see cref="DepthwiseGeluKernel"/> needs, over one NCHWc channel block held in one
/// vector (16 floats with AVX-512, 8 with AVX2). Implemented by structs, so the JIT specialises the kernel for
/// each width and the calls inline to single instructions.
/// </summary>
internal unsafe interface IFloatLanes<TVector>
    where TVector : struct
{
    static abstract int Count { get; }

    static abstract bool IsSupported { get; }

    static abstract TVector Load(float* source);

    static abstract void Store(float* destination, TVector value);

    static abstract TVector Broadcast(float value);

    static abstract TVector Add(TVector a, TVector b);

    static abstract TVector Multiply(TVector a, TVector b);

    static abstract TVector Divide(TVector a, TVector b);

    /// <summary>a * b + c, fused.</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);

    static abstract TVector Clamp(TVector value, TVector min, TVector max);
}
