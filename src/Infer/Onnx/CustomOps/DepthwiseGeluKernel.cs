using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace BsrnVideo.Infer.Onnx.CustomOps;

/// <summary>
/// <c>y = GELU(depthwise_conv3x3(x, w) + bias [+ residual])</c> on NCHWc-blocked float tensors
/// (<c>[N, C/B, H, W, B]</c> in memory), stride 1, zero padding 1: BSRN's separable-step tail in one pass.
/// ONNX Runtime runs the same work as a depthwise convolution (which copies the residual into its output first
/// when the residual is still needed elsewhere) and a separate GELU, i.e. three more full passes over a
/// 64-channel feature map. Exact (erf) GELU through a rational approximation, |error| &lt; 1.3e-6 on [-8, 8]
/// (coefficients and error from <c>scripts/fit-gelu-erf.py</c>).
/// </summary>
internal static unsafe class DepthwiseGeluKernel
{
    /// <summary>Rows per work item handed to the thread pool.</summary>
    public const int RowsPerItem = 4;

    // erf(x / sqrt 2) ~= x * P(x^2) / Q(x^2) for |x| <= Limit (beyond it erf is +-1 in float32).
    private const float Limit = 5.5437174f;
    private const float P0 = 0.7978845238685608f;
    private const float P1 = 0.06731069833040237f;
    private const float P2 = 0.009324105456471443f;
    private const float P3 = 0.0003327374579384923f;
    private const float P4 = 1.2588063327712007e-05f;
    private const float P5 = 4.5298289563788785e-08f;
    private const float Q1 = 0.25102782249450684f;
    private const float Q2 = 0.028524769470095634f;
    private const float Q3 = 0.0018708697753027081f;
    private const float Q4 = 7.263897714437917e-05f;
    private const float Q5 = 1.1902498044946697e-06f;

    /// <summary>The number of work items <see cref="RunItem"/> takes for <paramref name="job"/>.</summary>
    public static long ItemCount(in DepthwiseGeluJob job) =>
        (long)job.Shape.Batch * job.Shape.ChannelBlocks * job.Shape.Bands(RowsPerItem);

    /// <summary>Runs every work item on the calling thread.</summary>
    public static void Run(in DepthwiseGeluJob job)
    {
        long items = ItemCount(job);
        for (long i = 0; i < items; i++)
        {
            RunItem(job, i);
        }
    }

    /// <summary>One work item: up to <see cref="RowsPerItem"/> output rows of one channel block of one image.</summary>
    public static void RunItem(in DepthwiseGeluJob job, long item)
    {
        if (job.Shape.Block == 16)
        {
            RunItem<FloatLanes512, Vector512<float>>(job, item);
        }
        else
        {
            RunItem<FloatLanes256, Vector256<float>>(job, item);
        }
    }

    /// <summary>GELU of each value, as the kernel computes it (for tests).</summary>
    public static float Gelu(float x)
    {
        float c = Math.Clamp(x, -Limit, Limit);
        float u = c * c;
        float p = (((((((((P5 * u) + P4) * u) + P3) * u) + P2) * u) + P1) * u) + P0;
        float q = (((((((((Q5 * u) + Q4) * u) + Q3) * u) + Q2) * u) + Q1) * u) + 1f;
        float half = 0.5f * x;
        return half + (half * (c * p / q));
    }

    private static void RunItem<TLanes, TVector>(in DepthwiseGeluJob job, long item)
        where TLanes : struct, IFloatLanes<TVector>
        where TVector : struct
    {
        int bands = job.Shape.Bands(RowsPerItem);
        long plane = (long)job.Shape.Height * job.Shape.Width * job.Shape.Block;
        long image = item / ((long)job.Shape.ChannelBlocks * bands);
        int channelBlock = (int)(item / bands % job.Shape.ChannelBlocks);
        int firstRow = (int)(item % bands) * RowsPerItem;
        int lastRow = Math.Min(firstRow + RowsPerItem, job.Shape.Height);

        long planeOffset = ((image * job.Shape.ChannelBlocks) + channelBlock) * plane;
        float* weights = job.Weights + (channelBlock * 9L * job.Shape.Block);
        TVector bias = TLanes.Load(job.Bias + ((long)channelBlock * job.Shape.Block));
        long rowStride = (long)job.Shape.Width * job.Shape.Block;
        for (int row = firstRow; row < lastRow; row++)
        {
            float* middle = job.Input + planeOffset + (row * rowStride);
            // A missing neighbour row reads the middle row with zero weights instead, so the inner loop never branches.
            bool hasTop = row > 0;
            bool hasBottom = row + 1 < job.Shape.Height;
            float* top = hasTop ? middle - rowStride : middle;
            float* bottom = hasBottom ? middle + rowStride : middle;
            float* residual = job.Residual == null ? null : job.Residual + planeOffset + (row * rowStride);
            float* output = job.Output + planeOffset + (row * rowStride);
            Row<TLanes, TVector>(top, middle, bottom, residual, output, weights, bias, job.Shape.Width, hasTop, hasBottom);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row<TLanes, TVector>(float* top, float* middle, float* bottom, float* residual, float* output,
        float* weights, TVector bias, int width, bool hasTop, bool hasBottom)
        where TLanes : struct, IFloatLanes<TVector>
        where TVector : struct
    {
        int b = TLanes.Count;
        TVector zero = TLanes.Broadcast(0f);
        TVector w00 = hasTop ? TLanes.Load(weights) : zero;
        TVector w01 = hasTop ? TLanes.Load(weights + b) : zero;
        TVector w02 = hasTop ? TLanes.Load(weights + (2 * b)) : zero;
        TVector w10 = TLanes.Load(weights + (3 * b));
        TVector w11 = TLanes.Load(weights + (4 * b));
        TVector w12 = TLanes.Load(weights + (5 * b));
        TVector w20 = hasBottom ? TLanes.Load(weights + (6 * b)) : zero;
        TVector w21 = hasBottom ? TLanes.Load(weights + (7 * b)) : zero;
        TVector w22 = hasBottom ? TLanes.Load(weights + (8 * b)) : zero;

        // Sliding 3x3 window: left/centre columns carried over, one new column loaded per output pixel.
        TVector l0 = zero, l1 = zero, l2 = zero;
        TVector c0 = TLanes.Load(top), c1 = TLanes.Load(middle), c2 = TLanes.Load(bottom);
        for (int x = 0; x < width; x++)
        {
            TVector r0, r1, r2;
            if (x + 1 < width)
            {
                long next = (long)(x + 1) * b;
                r0 = TLanes.Load(top + next);
                r1 = TLanes.Load(middle + next);
                r2 = TLanes.Load(bottom + next);
            }
            else
            {
                r0 = zero;
                r1 = zero;
                r2 = zero;
            }

            TVector sum = TLanes.MultiplyAdd(l0, w00, bias);
            sum = TLanes.MultiplyAdd(c0, w01, sum);
            sum = TLanes.MultiplyAdd(r0, w02, sum);
            sum = TLanes.MultiplyAdd(l1, w10, sum);
            sum = TLanes.MultiplyAdd(c1, w11, sum);
            sum = TLanes.MultiplyAdd(r1, w12, sum);
            sum = TLanes.MultiplyAdd(l2, w20, sum);
            sum = TLanes.MultiplyAdd(c2, w21, sum);
            sum = TLanes.MultiplyAdd(r2, w22, sum);
            long at = (long)x * b;
            if (residual != null)
            {
                sum = TLanes.Add(sum, TLanes.Load(residual + at));
            }

            TLanes.Store(output + at, Gelu<TLanes, TVector>(sum));
            l0 = c0;
            l1 = c1;
            l2 = c2;
            c0 = r0;
            c1 = r1;
            c2 = r2;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Gelu<TLanes, TVector>(TVector x)
        where TLanes : struct, IFloatLanes<TVector>
        where TVector : struct
    {
        TVector c = TLanes.Clamp(x, TLanes.Broadcast(-Limit), TLanes.Broadcast(Limit));
        TVector u = TLanes.Multiply(c, c);
        TVector p = TLanes.MultiplyAdd(TLanes.Broadcast(P5), u, TLanes.Broadcast(P4));
        p = TLanes.MultiplyAdd(p, u, TLanes.Broadcast(P3));
        p = TLanes.MultiplyAdd(p, u, TLanes.Broadcast(P2));
        p = TLanes.MultiplyAdd(p, u, TLanes.Broadcast(P1));
        p = TLanes.MultiplyAdd(p, u, TLanes.Broadcast(P0));
        TVector q = TLanes.MultiplyAdd(TLanes.Broadcast(Q5), u, TLanes.Broadcast(Q4));
        q = TLanes.MultiplyAdd(q, u, TLanes.Broadcast(Q3));
        q = TLanes.MultiplyAdd(q, u, TLanes.Broadcast(Q2));
        q = TLanes.MultiplyAdd(q, u, TLanes.Broadcast(Q1));
        q = TLanes.MultiplyAdd(q, u, TLanes.Broadcast(1f));
        TVector half = TLanes.Multiply(x, TLanes.Broadcast(0.5f));
        return TLanes.MultiplyAdd(half, TLanes.Divide(TLanes.Multiply(c, p), q), half);
    }
}
