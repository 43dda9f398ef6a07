namespace BsrnVideo.Infer.Onnx.CustomOps;

/// <summary>
/// One call of <see cref="DepthwiseGeluKernel"/>: pointers to NCHWc-blocked tensors and their dimensions.
/// Plain data so it can be handed through ONNX Runtime's thread pool as a native pointer.
/// </summary>
internal unsafe struct DepthwiseGeluJob
{
    /// <summary><c>[N, C/B, H, W, B]</c>.</summary>
    public float* Input;

    /// <summary><c>[C/B, 3, 3, B]</c>.</summary>
    public float* Weights;

    /// <summary><c>[C]</c>.</summary>
    public float* Bias;

    /// <summary>Same shape as <see cref="Input"/>, or null.</summary>
    public float* Residual;

    /// <summary>Same shape as <see cref="Input"/>.</summary>
    public float* Output;

    public BlockedMapShape Shape;
}
