using BsrnVideo.Infer.Onnx.CustomOps;
using Xunit;

namespace BsrnVideo.Tests.Infer.CustomOps;

public sealed class AttentionTailKernelTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 16, 1, 1 },
        { 16, 5, 17 },
        { 16, 9, 4 },
        { 8, 1, 3 },
        { 8, 7, 13 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public unsafe void Moments_BlockedTensors_MatchPerChannelMeanAndMeanOfSquaresOfTheProduct(int block, int height, int width)
    {
        Assert.SkipUnless(FloatLanes.Supports(block), $"this CPU has no {block}-float vectors");
        const int Batch = 2;
        const int ChannelBlocks = 3;
        var random = new Random(height * 31 + width);
        float[] x = Values(random, Batch * ChannelBlocks * height * width * block);
        float[] mask = Values(random, x.Length);
        float[] mean = new float[Batch * ChannelBlocks * block];
        float[] meanSquare = new float[mean.Length];

        fixed (float* px = x, pm = mask, pmean = mean, psq = meanSquare)
        {
            AttentionTailKernel.RunMoments(new AttentionTailJob
            {
                Features = px, Mask = pm, PerChannel = pmean, PerChannel2 = psq,
                Shape = new(Batch, ChannelBlocks, height, width, block),
            });
        }

        for (int n = 0; n < Batch; n++)
        {
            for (int c = 0; c < ChannelBlocks * block; c++)
            {
                double sum = 0, squares = 0;
                for (int i = 0; i < height * width; i++)
                {
                    int at = ((((n * ChannelBlocks) + (c / block)) * height * width) + i) * block + (c % block);
                    double v = (double)x[at] * mask[at];
                    sum += v;
                    squares += v * v;
                }

                int k = (n * ChannelBlocks * block) + c;
                Assert.Equal(sum / (height * width), mean[k], Tolerance(sum / (height * width)));
                Assert.Equal(squares / (height * width), meanSquare[k], Tolerance(squares / (height * width)));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public unsafe void ScaleAdd_BlockedTensors_IsProductTimesChannelAttentionPlusResidual(int block, int height, int width)
    {
        Assert.SkipUnless(FloatLanes.Supports(block), $"this CPU has no {block}-float vectors");
        const int Batch = 2;
        const int ChannelBlocks = 2;
        var random = new Random(height * 17 + width);
        float[] x = Values(random, Batch * ChannelBlocks * height * width * block);
        float[] mask = Values(random, x.Length);
        float[] residual = Values(random, x.Length);
        float[] attention = Values(random, Batch * ChannelBlocks * block);
        float[] output = new float[x.Length];

        fixed (float* px = x, pm = mask, pa = attention, pr = residual, py = output)
        {
            AttentionTailKernel.RunScaleAdd(new AttentionTailJob
            {
                Features = px, Mask = pm, PerChannel = pa, Residual = pr, Output = py,
                Shape = new(Batch, ChannelBlocks, height, width, block),
            });
        }

        for (int at = 0; at < x.Length; at++)
        {
            int plane = at / (height * width * block);
            float a = attention[(plane * block) + (at % block)];
            double expected = ((double)x[at] * mask[at] * a) + residual[at];
            Assert.Equal(expected, output[at], Tolerance(expected));
        }
    }

    /// <summary>A few float roundings of the value's size.</summary>
    private static double Tolerance(double expected) => 1e-5 * Math.Max(1, Math.Abs(expected));

    private static float[] Values(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 4) - 2);
        }

        return values;
    }
}
