using BsrnVideo.Frames;
using BsrnVideo.Infer;
using BsrnVideo.Infer.Onnx;
using BsrnVideo.Tests.TestUtilities;
using Xunit;

namespace BsrnVideo.Tests.Infer;

public sealed class UpscalerFactoryTests
{
    private static UpscalerRequest SmallOnCpu => new()
    {
        Model = "bsrn-s",
        Scale = 4,
        Device = "cpu",
        Checkpoint = Path.Combine(SharedAssets.ModelsDir, "net_g_BSRN-S.pth"),
    };

    [Fact]
    public async Task CreateAsync_InferThreadsOne_RunsTheNetworkOnOneThreadWithTheSameOutput()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using IUpscaler everyCore = await UpscalerFactory.CreateAsync(SmallOnCpu, _ => { }, ct);
        using IUpscaler oneThread = await UpscalerFactory.CreateAsync(SmallOnCpu with { InferThreads = 1 }, _ => { }, ct);

        Assert.Equal(Environment.ProcessorCount, Assert.IsType<OnnxUpscaler>(everyCore).CpuThreads);
        Assert.Equal(1, Assert.IsType<OnnxUpscaler>(oneThread).CpuThreads);

        var inPool = new FramePool(40, 30);
        var outPool = new FramePool(160, 120);
        using RgbFrame input = Set5.Low("bird", 4).Crop(40, 30).ToFrame(inPool);
        using RgbFrame expected = outPool.Rent();
        using RgbFrame actual = outPool.Rent();
        everyCore.Upscale([input], [expected], ct);
        oneThread.Upscale([input], [actual], ct);
        int maxDifference = 0;
        for (int i = 0; i < expected.ByteLength; i++)
        {
            maxDifference = Math.Max(maxDifference, Math.Abs(expected.Pixels[i] - actual.Pixels[i]));
        }

        Assert.True(maxDifference <= 1, $"one thread and every core differ by {maxDifference} levels");
    }

    [Fact]
    public async Task CreateAsync_InferThreadsWithParallelFrames_SharesTheThreadsBetweenTheLanes()
    {
        using IUpscaler upscaler = await UpscalerFactory.CreateAsync(
            SmallOnCpu with { InferThreads = 4, Batch = 2, ParallelFrames = 2 }, _ => { }, TestContext.Current.CancellationToken);

        Assert.Equal(4, Assert.IsType<OnnxUpscaler>(upscaler).CpuThreads); // two lanes of two threads
    }

    [Fact]
    public async Task CreateAsync_InferThreadsBelowParallelFrames_KeepsToTheThreadCap()
    {
        using IUpscaler upscaler = await UpscalerFactory.CreateAsync(
            SmallOnCpu with { InferThreads = 1, Batch = 2, ParallelFrames = 2 }, _ => { }, TestContext.Current.CancellationToken);

        Assert.Equal(1, Assert.IsType<OnnxUpscaler>(upscaler).CpuThreads);
    }
}
