namespace BsrnVideo.Infer.Graph;

/// <summary>How <see cref="BsrnGraphBuilder"/> writes the network.</summary>
public sealed record BsrnGraphOptions
{
    /// <summary>The form the product runs: uint8 NHWC in and out, float32 weights (the CPU default).</summary>
    public static BsrnGraphOptions Product { get; } = new() { IoUInt8 = true };

    /// <summary>
    /// Float16 weights and activations (the GPU default). Inputs and outputs keep their types; conversions happen
    /// inside the graph. Channel statistics (CCA) stay in float32.
    /// </summary>
    public bool Fp16 { get; init; }

    /// <summary>
    /// True: input <c>uint8 [N,H,W,3]</c> RGB 0..255, output <c>uint8 [N,sH,sW,3]</c>, rounded and clipped in the
    /// graph, so the caller does no per-pixel float work. False: <c>float32 [N,3,H,W]</c> RGB in [0,1] in and
    /// the raw (unclipped) network output <c>float32 [N,3,sH,sW]</c> out, like the authors' PyTorch model.
    /// </summary>
    public bool IoUInt8 { get; init; }

    /// <summary>
    /// Algebraic rewrites that leave the function unchanged up to float rounding: the 4x input repeat and the /255
    /// are folded into <c>fea_conv</c>'s pointwise weights, <c>cw</c> into <c>conv_out</c>, and the x255 of the
    /// uint8 output into the upsampler. Off only to compare against a literal transcription.
    /// </summary>
    public bool FoldConstants { get; init; } = true;

    /// <summary>
    /// Merges each block's distillation 1x1 (<c>cN_d</c>) with the pointwise half of its sibling separable
    /// convolution (<c>cN_r.pw</c>), which read the same input, into one wider 1x1 convolution plus a split.
    /// </summary>
    public bool FuseSiblingPointwise { get; init; }

    /// <summary>
    /// Replaces each <c>Concat</c> + 1x1 convolution (<c>c5</c> in every block, the trunk's <c>c1</c>) by one 1x1
    /// convolution per concatenated part whose results are summed (the weight matrix split by input channels).
    /// No concatenated tensor is materialised, and ORT's NCHWc convolutions fuse the sums.
    /// </summary>
    public bool SplitConcatConvolutions { get; init; } = true;

    /// <summary>
    /// CCA's variance as E[x^2] - E[x]^2 with ReduceSumSquare (two read-only passes) instead of the literal
    /// mean((x - mean)^2) (four passes, two temporaries).
    /// </summary>
    public bool SinglePassStatistics { get; init; } = true;

    /// <summary>
    /// Routes each residual input of a separable step through an identity depthwise 1x1 convolution (exact:
    /// x * 1 + 0) so that both operands of the residual add come from convolutions and ORT's NCHWc pass fuses
    /// the add into the depthwise convolution instead of converting the sum back to NCHW. Off by default: it only
    /// helps where ORT's NCHWc pass runs, and there the hand-written NCHWc graph (<see cref="NchwcBlockSize"/>)
    /// is used instead; on CUDA it would only add work.
    /// </summary>
    public bool ResidualThroughIdentityConv { get; init; }

    /// <summary>
    /// 0: the portable graph. 8 or 16: write the graph in ONNX Runtime's blocked NCHWc form for its CPU provider
    /// with this block size (see <see cref="Onnx.NchwcSupport"/>); float32 only, not for other runtimes.
    /// </summary>
    public int NchwcBlockSize { get; init; }

    /// <summary>
    /// With <see cref="NchwcBlockSize"/>: run parts ONNX Runtime cannot fuse as our own CPU operators
    /// (<see cref="Onnx.CustomOps.CustomOperators"/>): each separable step's depthwise 3x3 convolution, residual add
    /// and GELU in one pass, and each BSRN block's ESA product, CCA statistics, CCA scaling and residual add in two.
    /// Sessions must register them; ignored where they are unavailable.
    /// </summary>
    public bool FusedOperators { get; init; } = true;
}
