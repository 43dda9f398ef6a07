using BsrnVideo.Infer.Onnx.CustomOps;
using Xunit;

namespace BsrnVideo.Tests.Infer.CustomOps;

public sealed class DepthwiseGeluKernelTests
{
    public static TheoryData<int, int, int, bool> Shapes => new()
    {
        { 16, 1, 1, true },
        { 16, 2, 3, false },
        { 16, 5, 17, true },
        { 16, 9, 4, true },
        { 8, 1, 2, true },
        { 8, 7, 13, false },
        { 8, 6, 6, true },
    };

    [Fact]
    public void Gelu_MatchesTheErfDefinition_WithinTwoMillionths()
    {
        double worst = 0;
        for (double x = -10; x <= 10; x += 0.001)
        {
            double exact = 0.5 * x * (1 + Erf(x / Math.Sqrt(2)));
            worst = Math.Max(worst, Math.Abs(DepthwiseGeluKernel.Gelu((float)x) - exact));
        }

        Assert.True(worst < 2e-6, $"largest GELU error {worst:E2}");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public unsafe void Run_BlockedTensors_MatchesDirectConvolutionPlusGelu(int block, int height, int width, bool residual)
    {
        Assert.SkipUnless(FloatLanes.Supports(block), $"this CPU has no {block}-float vectors");
        const int Batch = 2;
        const int ChannelBlocks = 3;
        var random = new Random(height * 100 + width);
        float[] input = Random(random, Batch * ChannelBlocks * height * width * block);
        float[] weights = Random(random, ChannelBlocks * 9 * block);
        float[] bias = Random(random, ChannelBlocks * block);
        float[] sum = Random(random, input.Length);
        float[] output = new float[input.Length];

        fixed (float* x = input, w = weights, b = bias, r = sum, y = output)
        {
            var job = new DepthwiseGeluJob
            {
                Input = x, Weights = w, Bias = b, Residual = residual ? r : null, Output = y,
                Shape = new(Batch, ChannelBlocks, height, width, block),
            };
            DepthwiseGeluKernel.Run(job);
        }

        double worst = 0;
        for (int n = 0; n < Batch; n++)
        {
            for (int c = 0; c < ChannelBlocks * block; c++)
            {
                for (int i = 0; i < height; i++)
                {
                    for (int j = 0; j < width; j++)
                    {
                        double acc = bias[c];
                        for (int di = -1; di <= 1; di++)
                        {
                            for (int dj = -1; dj <= 1; dj++)
                            {
                                if (i + di >= 0 && i + di < height && j + dj >= 0 && j + dj < width)
                                {
                                    acc += input[Index(n, c, i + di, j + dj)] * (double)weights[((c / block * 9) + ((di + 1) * 3) + dj + 1) * block + (c % block)];
                                }
                            }
                        }

                        if (residual)
                        {
                            acc += sum[Index(n, c, i, j)];
                        }

                        double expected = 0.5 * acc * (1 + Erf(acc / Math.Sqrt(2)));
                        worst = Math.Max(worst, Math.Abs(output[Index(n, c, i, j)] - expected));
                    }
                }
            }
        }

        Assert.True(worst < 1e-5, $"largest difference {worst:E2}");

        int Index(int n, int c, int i, int j) => ((((n * ChannelBlocks) + (c / block)) * height + i) * width + j) * block + (c % block);
    }

    private static float[] Random(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 4) - 2);
        }

        return values;
    }

    /// <summary>erf by Simpson's rule on 2/sqrt(pi) exp(-t^2) (error far below float precision here).</summary>
    internal static double Erf(double x)
    {
        const int Steps = 2000;
        double h = x / Steps;
        double total = 1 + Math.Exp(-x * x);
        for (int k = 1; k < Steps; k++)
        {
            double t = k * h;
            total += (k % 2 == 1 ? 4 : 2) * Math.Exp(-t * t);
        }

        return total * h / 3 * 2 / Math.Sqrt(Math.PI);
    }
}
