namespace BsrnVideo.Infer.Onnx.CustomOps;

/// <summary>
/// <see cref="AttentionTailKernel"/>'s two passes as ORT operators, one pair per NCHWc block size B (the tensors
/// do not tell it: a blocked <c>[N, C, H, W]</c> looks like any other), named with B:
/// <c>ProductChannelMomentsB{B}(X, M) -> (mean, meanSquare)</c>, each <c>[N, C, 1, 1]</c>, of <c>X * M</c>; and
/// <c>ProductScaleAddB{B}(X, M, A, R) -> X * M * A + R</c> with A <c>[N, C, 1, 1]</c>.
/// </summary>
internal static unsafe class AttentionTailOps
{
    public static string MomentsName(int block) => $"ProductChannelMomentsB{block}";

    public static string ScaleAddName(int block) => $"ProductScaleAddB{block}";

    public static IEnumerable<OperatorDefinition> Definitions(int block) =>
    [
        new(MomentsName(block), Inputs: 2, RequiredInputs: 2, [OutputShape.PerChannel, OutputShape.PerChannel], context => Moments(context, block)),
        new(ScaleAddName(block), Inputs: 4, RequiredInputs: 4, [OutputShape.SameAsInput], context => ScaleAdd(context, block)),
    ];

    [System.Runtime.InteropServices.UnmanagedCallersOnly]
    private static void MomentsWork(void* job, nuint item) => AttentionTailKernel.RunMomentsItem(*(AttentionTailJob*)job, (long)item);

    [System.Runtime.InteropServices.UnmanagedCallersOnly]
    private static void ScaleAddWork(void* job, nuint item) => AttentionTailKernel.RunScaleAddItem(*(AttentionTailJob*)job, (long)item);

    private static nint Moments(nint context, int block)
    {
        Span<long> xDims = stackalloc long[KernelTensors.MaxRank];
        Span<long> mDims = stackalloc long[KernelTensors.MaxRank];
        float* x, m;
        int xRank, mRank;
        nint status;
        if ((status = KernelTensors.Input(context, 0, &x, xDims, &xRank)) != 0
            || (status = KernelTensors.Input(context, 1, &m, mDims, &mRank)) != 0)
        {
            return status;
        }

        if (!IsBlockedMap(xDims, xRank, block) || mRank != 4 || !mDims.SequenceEqual(xDims))
        {
            return KernelTensors.Invalid($"{MomentsName(block)}: unsupported shapes X {KernelTensors.Describe(xDims, xRank)} M {KernelTensors.Describe(mDims, mRank)} (want both [N,C,H,W], C a multiple of {block})");
        }

        Span<long> perChannel = [xDims[0], xDims[1], 1, 1];
        float* mean, meanSquare;
        if ((status = KernelTensors.Output(context, 0, perChannel, &mean)) != 0
            || (status = KernelTensors.Output(context, 1, perChannel, &meanSquare)) != 0)
        {
            return status;
        }

        AttentionTailJob job = Job(xDims, block, x, m);
        job.PerChannel = mean;
        job.PerChannel2 = meanSquare;
        long items = AttentionTailKernel.MomentsItemCount(job);
        return items == 0 || job.Shape.Height * job.Shape.Width == 0 ? 0 : OrtCApi.KernelContextParallelFor(context, &MomentsWork, (nuint)items, 0, &job);
    }

    private static nint ScaleAdd(nint context, int block)
    {
        Span<long> xDims = stackalloc long[KernelTensors.MaxRank];
        Span<long> mDims = stackalloc long[KernelTensors.MaxRank];
        Span<long> aDims = stackalloc long[KernelTensors.MaxRank];
        Span<long> rDims = stackalloc long[KernelTensors.MaxRank];
        float* x, m, a, r;
        int xRank, mRank, aRank, rRank;
        nint status;
        if ((status = KernelTensors.Input(context, 0, &x, xDims, &xRank)) != 0
            || (status = KernelTensors.Input(context, 1, &m, mDims, &mRank)) != 0
            || (status = KernelTensors.Input(context, 2, &a, aDims, &aRank)) != 0
            || (status = KernelTensors.Input(context, 3, &r, rDims, &rRank)) != 0)
        {
            return status;
        }

        if (!IsBlockedMap(xDims, xRank, block) || mRank != 4 || !mDims.SequenceEqual(xDims) || rRank != 4 || !rDims.SequenceEqual(xDims)
            || aRank != 4 || aDims[0] != xDims[0] || aDims[1] != xDims[1] || aDims[2] != 1 || aDims[3] != 1)
        {
            return KernelTensors.Invalid($"{ScaleAddName(block)}: unsupported shapes X {KernelTensors.Describe(xDims, xRank)} A {KernelTensors.Describe(aDims, aRank)} (want X, M, R [N,C,H,W], C a multiple of {block}, A [N,C,1,1])");
        }

        float* y;
        if ((status = KernelTensors.Output(context, 0, xDims, &y)) != 0)
        {
            return status;
        }

        AttentionTailJob job = Job(xDims, block, x, m);
        job.PerChannel = a;
        job.Residual = r;
        job.Output = y;
        long items = AttentionTailKernel.ScaleAddItemCount(job);
        return items == 0 ? 0 : OrtCApi.KernelContextParallelFor(context, &ScaleAddWork, (nuint)items, 0, &job);
    }

    private static bool IsBlockedMap(ReadOnlySpan<long> dims, int rank, int block) =>
        rank == 4 && dims[1] % block == 0 && FloatLanes.Supports(block);

    private static AttentionTailJob Job(ReadOnlySpan<long> dims, int block, float* x, float* m) => new()
    {
        Features = x,
        Mask = m,
        Shape = BlockedMapShape.From(dims, block),
    };
}
