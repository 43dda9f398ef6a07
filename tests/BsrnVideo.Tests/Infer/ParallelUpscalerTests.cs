using BsrnVideo.Frames;
using BsrnVideo.Infer;
using BsrnVideo.Infer.Checkpoints;
using BsrnVideo.Infer.Onnx;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Infer;

public sealed class ParallelUpscalerTests
{
    [Fact]
    public void Upscale_BatchSpreadOverWorkers_GivesEachFrameTheSameResultInOrder()
    {
        const int frames = 5;
        var inputs = new FramePool(40, 24);
        var outputs = new FramePool(80, 48);
        RgbFrame[] input = [.. Enumerable.Range(0, frames).Select(i => Pattern(inputs.Rent(), seed: i))];
        RgbFrame[] parallelOut = [.. Enumerable.Range(0, frames).Select(_ => outputs.Rent())];
        RgbFrame[] singleOut = [.. Enumerable.Range(0, frames).Select(_ => outputs.Rent())];

        using (var parallel = new ParallelUpscaler([new BicubicUpscaler(2), new BicubicUpscaler(2)]))
        using (var single = new BicubicUpscaler(2))
        {
            parallel.Upscale(input, parallelOut, TestContext.Current.CancellationToken);
            single.Upscale(input, singleOut, TestContext.Current.CancellationToken);
        }

        for (int i = 0; i < frames; i++)
        {
            Assert.True(singleOut[i].Pixels.SequenceEqual(parallelOut[i].Pixels), $"frame {i} differs");
            Assert.Equal(input[i].Index, parallelOut[i].Index);
        }

        foreach (RgbFrame f in input.Concat(parallelOut).Concat(singleOut))
        {
            f.Dispose();
        }

        Assert.Equal(0, inputs.Outstanding + outputs.Outstanding);
    }

    [Fact]
    public void Upscale_TwoSingleThreadedBsrnSessions_MatchOneSessionOnEveryCore()
    {
        BsrnCheckpoint checkpoint = BsrnCheckpoint.Load(Path.Combine(SharedAssets.ModelsDir, "net_g_BSRN-S.pth"));
        var inputs = new FramePool(32, 20);
        var outputs = new FramePool(128, 80);
        RgbFrame[] input = [Pattern(inputs.Rent(), 1), Pattern(inputs.Rent(), 2)];
        RgbFrame[] a = [outputs.Rent(), outputs.Rent()];
        RgbFrame[] b = [outputs.Rent(), outputs.Rent()];
        var lane = new OnnxUpscalerOptions { Device = "cpu", IntraOpThreads = 1 };

        using (var parallel = new ParallelUpscaler([OnnxUpscaler.FromCheckpoint(checkpoint, lane), OnnxUpscaler.FromCheckpoint(checkpoint, lane)]))
        using (OnnxUpscaler single = OnnxUpscaler.FromCheckpoint(checkpoint, new OnnxUpscalerOptions { Device = "cpu" }))
        {
            parallel.Upscale(input, a, TestContext.Current.CancellationToken);
            single.Upscale(input, b, TestContext.Current.CancellationToken);
        }

        for (int i = 0; i < 2; i++)
        {
            int differing = 0;
            for (int p = 0; p < a[i].ByteLength; p++)
            {
                differing += Math.Abs(a[i].Pixels[p] - b[i].Pixels[p]) > 1 ? 1 : 0;
            }

            Assert.Equal(0, differing); // thread count may change float summation order: at most 1 level apart
        }

        foreach (RgbFrame f in input.Concat(a).Concat(b))
        {
            f.Dispose();
        }
    }

    private static RgbFrame Pattern(RgbFrame frame, int seed)
    {
        var random = new Random(seed);
        random.NextBytes(frame.Pixels);
        frame.Index = seed;
        return frame;
    }
}
