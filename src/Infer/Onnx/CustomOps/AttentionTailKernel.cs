using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace BsrnVideo.Infer.Onnx.CustomOps;

/// <summary>
/// The end of a BSRN block after its 1x1 fusion conv, in two passes instead of ORT's six: ESA's output is the
/// features times the mask, and CCA needs that product's per-channel mean and standard deviation before it can
/// scale it. <see cref="RunMomentsItem"/> computes mean and mean of squares of <c>x * mask</c> per channel without
/// storing the product; <see cref="RunScaleAddItem"/> then writes <c>x * mask * attention + residual</c>.
/// </summary>
internal static unsafe class AttentionTailKernel
{
    public const int RowsPerItem = 4;

    public static long MomentsItemCount(in AttentionTailJob job) => (long)job.Shape.Batch * job.Shape.ChannelBlocks;

    public static long ScaleAddItemCount(in AttentionTailJob job) =>
        (long)job.Shape.Batch * job.Shape.ChannelBlocks * job.Shape.Bands(RowsPerItem);

    /// <summary>Runs every item of both passes on the calling thread (for tests); attention comes from <paramref name="attention"/>.</summary>
    public static void RunMoments(in AttentionTailJob job)
    {
        for (long i = 0; i < MomentsItemCount(job); i++)
        {
            RunMomentsItem(job, i);
        }
    }

    public static void RunScaleAdd(in AttentionTailJob job)
    {
        for (long i = 0; i < ScaleAddItemCount(job); i++)
        {
            RunScaleAddItem(job, i);
        }
    }

    /// <summary>One image's channel block: its mean and mean of squares of <c>x * mask</c>.</summary>
    public static void RunMomentsItem(in AttentionTailJob job, long item)
    {
        if (job.Shape.Block == 16)
        {
            Moments<FloatLanes512, Vector512<float>>(job, item);
        }
        else
        {
            Moments<FloatLanes256, Vector256<float>>(job, item);
        }
    }

    /// <summary>Up to <see cref="RowsPerItem"/> rows of one channel block of one image.</summary>
    public static void RunScaleAddItem(in AttentionTailJob job, long item)
    {
        if (job.Shape.Block == 16)
        {
            ScaleAdd<FloatLanes512, Vector512<float>>(job, item);
        }
        else
        {
            ScaleAdd<FloatLanes256, Vector256<float>>(job, item);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Moments<TLanes, TVector>(in AttentionTailJob job, long item)
        where TLanes : struct, IFloatLanes<TVector>
        where TVector : struct
    {
        int b = TLanes.Count;
        long pixels = (long)job.Shape.Height * job.Shape.Width;
        long offset = item * pixels * b; // item = image * ChannelBlocks + channel block: planes are consecutive
        float* x = job.Features + offset;
        float* m = job.Mask + offset;
        // Two accumulator pairs halve the dependency chains; each row's sums are folded into the totals so no
        // float sum runs over more than a row's worth of values.
        TVector sum = TLanes.Broadcast(0f), squares = sum;
        long p = 0;
        while (p < pixels)
        {
            long end = Math.Min(p + job.Shape.Width, pixels);
            TVector s0 = TLanes.Broadcast(0f), s1 = s0, q0 = s0, q1 = s0;
            for (; p + 1 < end; p += 2)
            {
                TVector v0 = TLanes.Multiply(TLanes.Load(x + (p * b)), TLanes.Load(m + (p * b)));
                TVector v1 = TLanes.Multiply(TLanes.Load(x + ((p + 1) * b)), TLanes.Load(m + ((p + 1) * b)));
                s0 = TLanes.Add(s0, v0);
                s1 = TLanes.Add(s1, v1);
                q0 = TLanes.MultiplyAdd(v0, v0, q0);
                q1 = TLanes.MultiplyAdd(v1, v1, q1);
            }

            if (p < end)
            {
                TVector v = TLanes.Multiply(TLanes.Load(x + (p * b)), TLanes.Load(m + (p * b)));
                s0 = TLanes.Add(s0, v);
                q0 = TLanes.MultiplyAdd(v, v, q0);
                p++;
            }

            sum = TLanes.Add(sum, TLanes.Add(s0, s1));
            squares = TLanes.Add(squares, TLanes.Add(q0, q1));
        }

        TVector scale = TLanes.Broadcast(1f / pixels);
        TLanes.Store(job.PerChannel + (item * b), TLanes.Multiply(sum, scale));
        TLanes.Store(job.PerChannel2 + (item * b), TLanes.Multiply(squares, scale));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScaleAdd<TLanes, TVector>(in AttentionTailJob job, long item)
        where TLanes : struct, IFloatLanes<TVector>
        where TVector : struct
    {
        int b = TLanes.Count;
        int bands = job.Shape.Bands(RowsPerItem);
        long plane = item / bands; // image * ChannelBlocks + channel block
        int firstRow = (int)(item % bands) * RowsPerItem;
        int rows = Math.Min(RowsPerItem, job.Shape.Height - firstRow);
        long start = ((plane * job.Shape.Height) + firstRow) * (long)job.Shape.Width * b;
        long count = (long)rows * job.Shape.Width;
        TVector attention = TLanes.Load(job.PerChannel + (plane * b));
        float* x = job.Features + start;
        float* m = job.Mask + start;
        float* r = job.Residual + start;
        float* y = job.Output + start;
        for (long p = 0; p < count; p++)
        {
            long at = p * b;
            TVector v = TLanes.Multiply(TLanes.Multiply(TLanes.Load(x + at), TLanes.Load(m + at)), attention);
            TLanes.Store(y + at, TLanes.Add(v, TLanes.Load(r + at)));
        }
    }
}
