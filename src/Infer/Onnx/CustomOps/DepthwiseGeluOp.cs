namespace BsrnVideo.Infer.Onnx.CustomOps;

/// <summary>
/// <c>DepthwiseConv3x3Gelu(X, W, B[, R]) -> Y</c>: <see cref="DepthwiseGeluKernel"/> as an ORT operator. X, R, Y
/// NCHWc-blocked <c>[N, C, H, W]</c> (C a multiple of the block), W <c>[C/B, 3, 3, B]</c>, B <c>[C]</c>.
/// </summary>
internal static unsafe class DepthwiseGeluOp
{
    public const string Name = "DepthwiseConv3x3Gelu";

    public static OperatorDefinition Definition { get; } = new(Name, Inputs: 4, RequiredInputs: 3, [OutputShape.SameAsInput], Compute);

    [System.Runtime.InteropServices.UnmanagedCallersOnly]
    private static void Work(void* job, nuint item) => DepthwiseGeluKernel.RunItem(*(DepthwiseGeluJob*)job, (long)item);

    private static nint Compute(nint context)
    {
        int inputs;
        nint status = KernelTensors.InputCount(context, &inputs);
        Span<long> xDims = stackalloc long[KernelTensors.MaxRank];
        Span<long> wDims = stackalloc long[KernelTensors.MaxRank];
        Span<long> bDims = stackalloc long[KernelTensors.MaxRank];
        Span<long> rDims = stackalloc long[KernelTensors.MaxRank];
        float* x, w, b, r = null;
        int xRank, wRank, bRank, rRank = 0;
        if (status != 0
            || (status = KernelTensors.Input(context, 0, &x, xDims, &xRank)) != 0
            || (status = KernelTensors.Input(context, 1, &w, wDims, &wRank)) != 0
            || (status = KernelTensors.Input(context, 2, &b, bDims, &bRank)) != 0
            || (inputs > 3 && (status = KernelTensors.Input(context, 3, &r, rDims, &rRank)) != 0))
        {
            return status;
        }

        long block = wRank == 4 ? wDims[3] : 0;
        long channels = xRank == 4 ? xDims[1] : 0;
        if (xRank != 4 || wRank != 4 || wDims[1] != 3 || wDims[2] != 3 || !FloatLanes.Supports((int)block)
            || channels != wDims[0] * block || bRank != 1 || bDims[0] != channels
            || (r != null && (rRank != 4 || !rDims.SequenceEqual(xDims))))
        {
            return KernelTensors.Invalid(
                $"{Name}: unsupported shapes X {KernelTensors.Describe(xDims, xRank)} W {KernelTensors.Describe(wDims, wRank)} " +
                "(want X [N,C,H,W], W [C/B,3,3,B], B [C], R like X, block B of 8 (AVX2) or 16 (AVX-512) on this CPU)");
        }

        float* y;
        if ((status = KernelTensors.Output(context, 0, xDims, &y)) != 0)
        {
            return status;
        }

        var job = new DepthwiseGeluJob
        {
            Input = x, Weights = w, Bias = b, Residual = r, Output = y,
            Shape = BlockedMapShape.From(xDims, (int)block),
        };
        long items = DepthwiseGeluKernel.ItemCount(job);
        return items == 0 ? 0 : OrtCApi.KernelContextParallelFor(context, &Work, (nuint)items, 0, &job);
    }
}
