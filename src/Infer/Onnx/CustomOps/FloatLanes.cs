namespace BsrnVideo.Infer.Onnx.CustomOps;

/// <summary>Which NCHWc block sizes our kernels can run on this CPU (one block per vector).</summary>
internal static class FloatLanes
{
    /// <summary>True when this CPU has vectors of <paramref name="block"/> floats (16: AVX-512, 8: AVX2).</summary>
    public static bool Supports(int block) => block switch
    {
        16 => FloatLanes512.IsSupported,
        8 => FloatLanes256.IsSupported,
        _ => false,
    };
}
