using BsrnVideo.Encode;
using BsrnVideo.FFmpeg.Handles;
using BsrnVideo.Frames;
using BsrnVideo.Infer;
using BsrnVideo.Pipeline;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Pipeline;

/// <summary>Runs alone: the native handle count and the allocated-bytes counter are process-wide.</summary>
[CollectionDefinition(nameof(ProcessWideCounters), DisableParallelization = true)]
public sealed class ProcessWideCounters;

/// <summary>
/// What a run leaves behind: every RGB frame back in its pool and every FFmpeg object freed, after success, failure
/// or abort; and once warm, no per-frame allocation anywhere near a frame's size.
/// </summary>
[Collection(nameof(ProcessWideCounters))]
public sealed class UpscaleJobResourceTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly CancellationTokenSource _timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

    public UpscaleJobResourceTests()
    {
        _timeout.CancelAfter(TimeSpan.FromSeconds(90));
    }

    public void Dispose()
    {
        _timeout.Dispose();
        _temp.Dispose();
    }

    public enum Ending
    {
        Completed,
        UpscalerFails,
        Aborted,
    }

    [Theory]
    [InlineData(Ending.Completed, 1)]
    [InlineData(Ending.Completed, 3)]
    [InlineData(Ending.UpscalerFails, 2)]
    [InlineData(Ending.Aborted, 1)]
    public async Task Run_AnyEnding_ReturnsEveryFrameAndFreesEveryNativeHandle(Ending ending, int batch)
    {
        long handlesBefore = SettledHandleCount();
        int framesOutstanding;
        using (var abort = CancellationTokenSource.CreateLinkedTokenSource(_timeout.Token))
        using (var metrics = new PipelineMetrics())
        using (IUpscaler upscaler = ending == Ending.UpscalerFails ? new ProbeUpscaler(new BicubicUpscaler(2), failAtFrame: 12) : new BicubicUpscaler(2))
        using (UpscaleJob job = UpscaleJob.Open(Options(TestClips.BigBuckBunny160x90, _temp.File("out.mp4"), batch), upscaler, metrics))
        {
            Assert.True(NativeHandleTracker.Outstanding > handlesBefore, "the open job holds FFmpeg objects (the counter counts)");
            Task<JobOutcome> run = job.RunAsync(stop: CancellationToken.None, abort.Token);
            if (ending == Ending.Aborted)
            {
                await Task.Delay(20, _timeout.Token);
                await abort.CancelAsync();
            }

            if (ending == Ending.Completed)
            {
                Assert.Equal(JobOutcome.Completed, await run);
            }
            else
            {
                await Assert.ThrowsAnyAsync<Exception>(() => run);
            }

            framesOutstanding = job.RgbFramesOutstanding;
        }

        Assert.Equal(0, framesOutstanding);
        Assert.Equal(handlesBefore, SettledHandleCount());
    }

    /// <summary>
    /// Measured on the dev machine (2 cores, .NET 10, 160x90 -> 640x360 bicubic x4, libx264 ultrafast), whole process,
    /// frames 30..110 of a 140-frame run, 6 runs: 611-964 bytes per frame at batch 1, 465-571 at batch 4 (async and
    /// channel bookkeeping), against 691,200 bytes in one output RGB frame. The bound, 8 KiB a frame, leaves more than
    /// 8x margin and still fails on any per-frame buffer of picture size: the smallest, the input's 80x45 chroma plane,
    /// is 3,600 bytes; one extra output frame in the window alone is 8,640 bytes a frame. (Before the RGB pools were
    /// allocated up front, this test caught them growing mid-run, by one or two frames, in about one run in three.)
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Run_Warm_AllocatesFarLessThanOneFramePerFrame(int batch)
    {
        const int Frames = 140;
        const int From = 30;
        const int To = 110;
        string input = TestClips.Plain(160, 90, Frames);
        await RunOnceAsync(input, "warm-up.mp4", batch, new ProbeUpscaler(new BicubicUpscaler(4)));

        var probe = new ProbeUpscaler(new BicubicUpscaler(4), measureFrom: From, measureTo: To);
        await RunOnceAsync(input, "measured.mp4", batch, probe);

        long perFrame = probe.AllocatedBytes / (To - From);
        int frameBytes = 640 * 360 * 3;
        TestContext.Current.TestOutputHelper?.WriteLine($"batch {batch}: {perFrame} bytes allocated per frame while warm ({probe.AllocatedBytes} over {To - From} frames); one output frame is {frameBytes} bytes.");
        Assert.True(
            perFrame < 8192,
            $"batch {batch}: {perFrame} bytes allocated per frame while warm ({probe.AllocatedBytes} over {To - From} frames); one output frame is {frameBytes} bytes.");
    }

    private static UpscaleJobOptions Options(string input, string output, int batch) => new()
    {
        Input = input,
        Output = output,
        Batch = batch,
        Encoder = new EncoderSettings { Codec = "libx264", Preset = "ultrafast" },
    };

    private async Task RunOnceAsync(string input, string name, int batch, ProbeUpscaler upscaler)
    {
        using (upscaler)
        using (var metrics = new PipelineMetrics())
        using (UpscaleJob job = UpscaleJob.Open(Options(input, _temp.File(name), batch), upscaler, metrics))
        {
            Assert.Equal(JobOutcome.Completed, await job.RunAsync(stop: CancellationToken.None, _timeout.Token));
        }
    }

    /// <summary>The native handle count once handles dropped by earlier tests (if any) have been finalized.</summary>
    private static long SettledHandleCount()
    {
        for (int i = 0; i < 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return NativeHandleTracker.Outstanding;
    }

    /// <summary>
    /// A real upscaler wrapped to observe the run from inside: reads the process-wide allocated-bytes counter when
    /// the frames <c>measureFrom</c> and <c>measureTo</c> arrive (the steady middle of the run: pools filled,
    /// nothing draining), or fails as a model out of memory would at <c>failAtFrame</c>.
    /// </summary>
    private sealed class ProbeUpscaler(IUpscaler inner, int measureFrom = -1, int measureTo = -1, int failAtFrame = -1) : IUpscaler
    {
        private int _frames;
        private long _startBytes;

        public long AllocatedBytes { get; private set; }

        public string Name => inner.Name;

        public string Provider => inner.Provider;

        public int Scale => inner.Scale;

        public void Upscale(ReadOnlySpan<RgbFrame> inputs, ReadOnlySpan<RgbFrame> outputs, CancellationToken cancellationToken)
        {
            int first = _frames;
            _frames += inputs.Length;
            if (failAtFrame >= 0 && _frames >= failAtFrame)
            {
                throw new InferenceException("test: the upscaler failed on purpose");
            }

            if (first <= measureFrom && measureFrom < _frames)
            {
                _startBytes = GC.GetTotalAllocatedBytes(precise: true);
            }

            if (first <= measureTo && measureTo < _frames)
            {
                AllocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - _startBytes;
            }

            inner.Upscale(inputs, outputs, cancellationToken);
        }

        public void Dispose() => inner.Dispose();
    }
}
