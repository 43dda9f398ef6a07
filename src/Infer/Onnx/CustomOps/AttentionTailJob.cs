namespace BsrnVideo.Infer.Onnx.CustomOps;

/// <summary>
/// One call of <see cref="AttentionTailKernel"/>: NCHWc-blocked feature maps (<c>[N, C/B, H, W, B]</c> in memory)
/// and per-channel vectors (<c>[N, C]</c>, which is <c>[N, C/B, B]</c> in the same order).
/// </summary>
internal unsafe struct AttentionTailJob
{
    /// <summary>ESA's input.</summary>
    public float* Features;

    /// <summary>ESA's sigmoid mask, same shape as <see cref="Features"/>.</summary>
    public float* Mask;

    /// <summary>CCA's per-channel attention (scale-add) or the per-channel means (moments).</summary>
    public float* PerChannel;

    /// <summary>The per-channel means of squares (moments), or null.</summary>
    public float* PerChannel2;

    /// <summary>The block's input, added at the end (scale-add).</summary>
    public float* Residual;

    /// <summary>The block's output (scale-add).</summary>
    public float* Output;

    public BlockedMapShape Shape;
}
