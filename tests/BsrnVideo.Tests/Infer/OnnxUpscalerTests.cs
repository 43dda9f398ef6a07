using BsrnVideo.Frames;
using BsrnVideo.Infer;
using BsrnVideo.Infer.Checkpoints;
using BsrnVideo.Infer.Graph;
using BsrnVideo.Infer.Onnx;
using BsrnVideo.Tests.TestUtilities;
using Xunit;

namespace BsrnVideo.Tests.Infer;

public sealed class OnnxUpscalerTests
{
    private static readonly Lazy<BsrnCheckpoint> s_x4 = new(() => BsrnCheckpoint.Load(Path.Combine(SharedAssets.ModelsDir, "net_g_BSRN_x4.pth")));
    private static readonly Lazy<BsrnCheckpoint> s_small = new(() => BsrnCheckpoint.Load(Path.Combine(SharedAssets.ModelsDir, "net_g_BSRN-S.pth")));

    private static OnnxUpscalerOptions Cpu => new() { Device = "cpu" };

    [Fact]
    public void Upscale_Fp16Graph_IsWithinFiveHundredthsOfADecibelOfFp32()
    {
        // ORT's CPU provider has few float16 kernels (it runs most of the graph through inserted casts), so this
        // runs on two of the smaller Set5 images only.
        using OnnxUpscaler fp32 = OnnxUpscaler.FromCheckpoint(s_x4.Value, Cpu with { Fp16 = false });
        using OnnxUpscaler fp16 = OnnxUpscaler.FromCheckpoint(s_x4.Value, Cpu with { Fp16 = true });

        double full = Set5.AveragePsnrY(fp32, 4, "bird", "head");
        double half = Set5.AveragePsnrY(fp16, 4, "bird", "head");

        TestContext.Current.TestOutputHelper?.WriteLine($"fp32 {full:F4} dB, fp16 {half:F4} dB");
        Assert.InRange(half - full, -0.05, 0.05);
    }

    [Fact]
    public void Upscale_Tiled_IsWithinATenthOfADecibelOfUntiled()
    {
        using OnnxUpscaler whole = OnnxUpscaler.FromCheckpoint(s_x4.Value, Cpu);
        using OnnxUpscaler tiled = OnnxUpscaler.FromCheckpoint(s_x4.Value, Cpu with { TileSize = 48, TileOverlap = 8 });

        double untiledPsnr = Set5.AveragePsnrY(whole, 4);
        double tiledPsnr = Set5.AveragePsnrY(tiled, 4);

        TestContext.Current.TestOutputHelper?.WriteLine($"untiled {untiledPsnr:F4} dB, tiled 48/8 {tiledPsnr:F4} dB");
        Assert.InRange(tiledPsnr - untiledPsnr, -0.1, 0.1);
    }

    [Fact]
    public void Upscale_TiledOddSize_ReturnsTheExactOutputSize()
    {
        using OnnxUpscaler tiled = OnnxUpscaler.FromCheckpoint(s_small.Value, Cpu with { TileSize = 20, TileOverlap = 6, TileBatchSize = 3 });
        TestImage low = Set5.Low("bird", 4).Crop(53, 37);

        TestImage sr = Set5.Upscale(tiled, low);

        Assert.Equal((53 * 4, 37 * 4), (sr.Width, sr.Height));
        TestImage hr = Set5.High("bird").Crop(53 * 4, 37 * 4);
        Assert.True(TestImage.PsnrY(sr, hr, 4) > 25, "tiles were placed wrongly");
    }

    [Fact]
    public void Upscale_FrameSmallerThanFifteenPixels_IsPaddedAndCropped()
    {
        using OnnxUpscaler upscaler = OnnxUpscaler.FromCheckpoint(s_small.Value, Cpu);
        TestImage low = Set5.Low("head", 4).Crop(9, 12);

        TestImage sr = Set5.Upscale(upscaler, low);

        Assert.Equal((36, 48), (sr.Width, sr.Height));
        TestImage hr = Set5.High("head").Crop(36, 48);
        Assert.True(TestImage.PsnrY(sr, hr, 4) > 25);
    }

    [Fact]
    public void Upscale_BatchOfTwo_MatchesOneAtATime()
    {
        using OnnxUpscaler upscaler = OnnxUpscaler.FromCheckpoint(s_small.Value, Cpu);
        TestImage a = Set5.Low("bird", 4).Crop(40, 30);
        TestImage b = Set5.Low("butterfly", 4).Crop(40, 30);
        var inPool = new FramePool(40, 30);
        var outPool = new FramePool(160, 120);
        using RgbFrame fa = a.ToFrame(inPool);
        using RgbFrame fb = b.ToFrame(inPool);
        using RgbFrame oa = outPool.Rent();
        using RgbFrame ob = outPool.Rent();
        fb.Pts = 1234;

        upscaler.Upscale([fa, fb], [oa, ob], TestContext.Current.CancellationToken);

        TestImage singleB = Set5.Upscale(upscaler, b);
        Assert.Equal(1234, ob.Pts);
        int maxDifference = 0;
        for (int i = 0; i < singleB.Rgb.Length; i++)
        {
            maxDifference = Math.Max(maxDifference, Math.Abs(singleB.Rgb[i] - ob.Pixels[i]));
        }

        Assert.True(maxDifference <= 1, $"batched and single outputs differ by {maxDifference}");
    }

    [Fact]
    public void Upscale_ParallelFramesBatchOfThree_MatchesOneLaneAndAllocatesNothingWhenWarm()
    {
        using OnnxUpscaler oneLane = OnnxUpscaler.FromCheckpoint(s_small.Value, Cpu);
        using OnnxUpscaler twoLanes = OnnxUpscaler.FromCheckpoint(s_small.Value, Cpu with { ParallelFrames = 2 });
        var inPool = new FramePool(40, 30);
        var outPool = new FramePool(160, 120);
        string[] names = ["bird", "butterfly", "head"];
        RgbFrame[] inputs = names.Select(n => Set5.Low(n, 4).Crop(40, 30).ToFrame(inPool)).ToArray();
        RgbFrame[] expected = names.Select(_ => outPool.Rent()).ToArray();
        RgbFrame[] actual = names.Select(_ => outPool.Rent()).ToArray();
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i].Pts = 100 + i;
        }

        oneLane.Upscale(inputs, expected, TestContext.Current.CancellationToken);
        twoLanes.Upscale(inputs, actual, TestContext.Current.CancellationToken);
        long before = GC.GetAllocatedBytesForCurrentThread();
        twoLanes.Upscale(inputs, actual, TestContext.Current.CancellationToken);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(100 + i, actual[i].Pts);
            Assert.True(expected[i].Pixels.SequenceEqual(actual[i].Pixels), $"frame {i} differs between one and two lanes");
        }

        Assert.True(allocated < 512, $"{allocated} bytes allocated by a warm two-lane call");
        foreach (RgbFrame f in inputs.Concat(expected).Concat(actual))
        {
            f.Dispose();
        }

        Assert.Equal(0, inPool.Outstanding + outPool.Outstanding);
    }

    [Fact]
    public void Upscale_WarmCall_AllocatesAlmostNothing()
    {
        using OnnxUpscaler upscaler = OnnxUpscaler.FromCheckpoint(s_small.Value, Cpu);
        var inPool = new FramePool(32, 24);
        var outPool = new FramePool(128, 96);
        using RgbFrame input = inPool.Rent();
        using RgbFrame output = outPool.Rent();
        RgbFrame[] inputs = [input];
        RgbFrame[] outputs = [output];
        upscaler.Upscale(inputs, outputs, CancellationToken.None);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            upscaler.Upscale(inputs, outputs, CancellationToken.None);
        }

        long perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 5;
        TestContext.Current.TestOutputHelper?.WriteLine($"{perCall} bytes per warm call");
        Assert.True(perCall < 512, $"{perCall} bytes allocated per warm call");
    }

    [Fact]
    public void Upscale_CancelledToken_ThrowsOperationCanceledException()
    {
        using OnnxUpscaler upscaler = OnnxUpscaler.FromCheckpoint(s_small.Value, Cpu);
        var inPool = new FramePool(32, 24);
        var outPool = new FramePool(128, 96);
        using RgbFrame input = inPool.Rent();
        using RgbFrame output = outPool.Rent();
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => upscaler.Upscale([input], [output], cts.Token));
    }

    [Fact]
    public void Upscale_CancelledDuringRun_StopsWithinOneSecond()
    {
        using OnnxUpscaler upscaler = OnnxUpscaler.FromCheckpoint(s_x4.Value, Cpu);
        var inPool = new FramePool(480, 270);
        var outPool = new FramePool(1920, 1080);
        using RgbFrame input = inPool.Rent();
        using RgbFrame output = outPool.Rent();
        using var cts = new CancellationTokenSource();
        // Cancelled from a thread of its own: CancelAfter's timer runs on the thread pool, which a busy parallel test
        // run can starve for longer than the whole inference (seen once in CI: the run finished uncancelled).
        var canceller = new Thread(() =>
        {
            Thread.Sleep(100);
            cts.Cancel();
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        canceller.Start();

        Assert.ThrowsAny<OperationCanceledException>(() => upscaler.Upscale([input], [output], cts.Token));
        canceller.Join();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.1), $"stopped after {clock.Elapsed}");

        // The upscaler stays usable after a cancelled run.
        var smallIn = new FramePool(16, 16);
        var smallOut = new FramePool(64, 64);
        using RgbFrame a = smallIn.Rent();
        using RgbFrame b = smallOut.Rent();
        upscaler.Upscale([a], [b], TestContext.Current.CancellationToken);
    }

    [Fact]
    public void FromCheckpoint_CudaWithoutGpu_ThrowsInferenceExceptionSayingWhatToTry()
    {
        Assert.SkipWhen(Directory.Exists("/proc/driver/nvidia"), "an NVIDIA driver is present");

        var e = Assert.Throws<InferenceException>(() => OnnxUpscaler.FromCheckpoint(s_small.Value, Cpu with { Device = "cuda:0" }));

        Assert.Contains("CUDA", e.Message, StringComparison.Ordinal);
        Assert.Contains("--device cpu", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCheckpoint_AutoWithoutGpu_FallsBackToCpuWithAReason()
    {
        Assert.SkipWhen(Directory.Exists("/proc/driver/nvidia"), "an NVIDIA driver is present");

        using OnnxUpscaler upscaler = OnnxUpscaler.FromCheckpoint(s_small.Value, Cpu with { Device = "auto" });

        Assert.Equal("cpu", upscaler.Provider);
        Assert.Contains("CUDA unavailable", upscaler.DeviceReason, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCheckpoint_UnknownDevice_ThrowsInferenceException()
    {
        var e = Assert.Throws<InferenceException>(() => OnnxUpscaler.FromCheckpoint(s_small.Value, Cpu with { Device = "tpu" }));

        Assert.Contains("cpu, cuda, cuda:N", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFile_ExportedModel_MatchesTheInMemoryGraphAndUsesTheOptimizedModelCache()
    {
        using var temp = new TempDirectory();
        string onnx = temp.File("bsrn-s.onnx");
        BsrnGraphBuilder.Export(s_small.Value.Source, onnx, BsrnGraphOptions.Product);
        TestImage low = Set5.Low("woman", 4).Crop(30, 40);
        OnnxUpscalerOptions cached = Cpu with { OptimizedModelCacheDirectory = temp.File("cache") };

        TestImage fromMemory;
        using (OnnxUpscaler upscaler = OnnxUpscaler.FromCheckpoint(s_small.Value, Cpu))
        {
            fromMemory = Set5.Upscale(upscaler, low);
        }

        TestImage first;
        using (OnnxUpscaler upscaler = OnnxUpscaler.FromFile(onnx, cached))
        {
            first = Set5.Upscale(upscaler, low);
        }

        Assert.NotEmpty(Directory.GetFiles(temp.File("cache")));
        using OnnxUpscaler again = OnnxUpscaler.FromFile(onnx, cached);
        Assert.Contains("from cache", again.DeviceReason, StringComparison.Ordinal);
        TestImage second = Set5.Upscale(again, low);
        Assert.Equal(fromMemory.Rgb, first.Rgb);
        Assert.Equal(first.Rgb, second.Rgb);
    }

    [Fact]
    public void FromFile_ForeignFloatModelWithoutMetadata_ProbesTheScaleAndMatchesTheUInt8Graph()
    {
        using var temp = new TempDirectory();
        string onnx = temp.File("foreign.onnx");
        Onnx.ModelProto model = BsrnGraphBuilder.BuildModel(s_small.Value, new BsrnGraphOptions { IoUInt8 = false });
        model.MetadataProps.Clear();
        File.WriteAllBytes(onnx, Google.Protobuf.MessageExtensions.ToByteArray(model));
        TestImage low = Set5.Low("butterfly", 4).Crop(32, 32);

        using OnnxUpscaler foreign = OnnxUpscaler.FromFile(onnx, Cpu);
        using OnnxUpscaler ours = OnnxUpscaler.FromCheckpoint(s_small.Value, Cpu);

        Assert.False(foreign.UsesUInt8Io);
        Assert.Equal(4, foreign.Scale);
        TestImage a = Set5.Upscale(foreign, low);
        TestImage b = Set5.Upscale(ours, low);
        Assert.True(TestImage.PsnrY(a, b, 0) > 50, "float and uint8 graphs disagree");
    }

    [Fact]
    public void FromFile_NotAModel_ThrowsInferenceException()
    {
        using var temp = new TempDirectory();
        string path = temp.File("junk.onnx");
        File.WriteAllText(path, "definitely not protobuf");

        var e = Assert.Throws<InferenceException>(() => OnnxUpscaler.FromFile(path, Cpu));

        Assert.Contains("junk.onnx", e.Message, StringComparison.Ordinal);
    }
}
