using BsrnVideo.Encode;
using BsrnVideo.Frames;
using BsrnVideo.Infer;
using BsrnVideo.Pipeline;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Pipeline;

public sealed partial class UpscaleJobTests
{
    [Fact]
    public void Open_ExistingOutputWithoutOverwrite_ThrowsAndLeavesTheFileUntouched()
    {
        string output = _temp.File("existing.mp4");
        byte[] before = [1, 2, 3, 4, 5];
        File.WriteAllBytes(output, before);
        using var upscaler = new BicubicUpscaler(2);
        using var metrics = new PipelineMetrics();

        var error = Assert.Throws<EncodeException>(() =>
            UpscaleJob.Open(new UpscaleJobOptions { Input = TestClips.Bikes128x54, Output = output }, upscaler, metrics));

        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(output));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public async Task Run_ExistingOutputWithOverwrite_ReplacesIt()
    {
        File.WriteAllBytes(_temp.File("replaced.mp4"), [1, 2, 3]);
        string output = _temp.File("replaced.mp4");
        using var upscaler = new BicubicUpscaler(2);
        using var metrics = new PipelineMetrics();
        var options = new UpscaleJobOptions { Input = TestClips.Frames64x36(5), Output = output, Overwrite = true, Encoder = FastX264 };

        using (UpscaleJob job = UpscaleJob.Open(options, upscaler, metrics))
        {
            Assert.Equal(JobOutcome.Completed, await job.RunAsync(stop: CancellationToken.None, Token));
        }

        Assert.Equal((128, 72), (MediaProbe.Video(output).Width, MediaProbe.Video(output).Height));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public void Open_OutputIsTheInput_ThrowsEvenWithOverwriteAndLeavesTheInputUntouched()
    {
        string input = _temp.File("self.mp4");
        File.Copy(TestClips.Frames64x36(5), input);
        byte[] before = File.ReadAllBytes(input);
        using var upscaler = new BicubicUpscaler(2);
        using var metrics = new PipelineMetrics();

        var error = Assert.Throws<EncodeException>(() =>
            UpscaleJob.Open(new UpscaleJobOptions { Input = input, Output = input, Overwrite = true }, upscaler, metrics));

        Assert.Contains("is the input", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(input));
        Assert.False(File.Exists(input + ".partial"));
    }

    [Fact]
    public void Open_OutputIsALinkToTheInput_Throws()
    {
        string input = _temp.File("real.mp4");
        File.Copy(TestClips.Frames64x36(5), input);
        string link = _temp.File("link.mp4");
        File.CreateSymbolicLink(link, input);
        byte[] before = File.ReadAllBytes(input);
        using var upscaler = new BicubicUpscaler(2);
        using var metrics = new PipelineMetrics();

        Assert.Throws<EncodeException>(() =>
            UpscaleJob.Open(new UpscaleJobOptions { Input = input, Output = link, Overwrite = true }, upscaler, metrics));

        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Fact]
    public async Task Run_UpscalerFailsMidStream_ThrowsItsErrorAndLeavesNeitherOutputNorPartial()
    {
        string output = _temp.File("failed.mp4");
        using var upscaler = new FailingUpscaler(new BicubicUpscaler(2), failAtFrame: 8);
        using var metrics = new PipelineMetrics();
        var options = new UpscaleJobOptions { Input = TestClips.BigBuckBunny160x90, Output = output, Encoder = FastX264 };

        using (UpscaleJob job = UpscaleJob.Open(options, upscaler, metrics))
        {
            Assert.True(File.Exists(output + ".partial"), "the job writes into a .partial file beside the target");
            var error = await Assert.ThrowsAsync<InferenceException>(() => job.RunAsync(stop: CancellationToken.None, Token));
            Assert.Equal(FailingUpscaler.Message, error.Message);
        }

        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".partial"), "the .partial file was left behind after a failure.");
    }

    [Fact]
    public async Task Run_Aborted_ThrowsOperationCanceledAndLeavesNeitherOutputNorPartial()
    {
        string output = _temp.File("cancelled.mp4");
        using var upscaler = new BicubicUpscaler(2);
        using var metrics = new PipelineMetrics();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var options = new UpscaleJobOptions { Input = TestClips.BigBuckBunny160x90, Output = output, Encoder = FastX264 };

        using (UpscaleJob job = UpscaleJob.Open(options, upscaler, metrics))
        {
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.RunAsync(stop: CancellationToken.None, cancel.Token));
        }

        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".partial"));
        Assert.False(File.Exists(UpscaleJob.InterruptedName(output)), "an abort (not a graceful stop) keeps nothing.");
    }

    /// <summary>A real upscaler that fails, as a model that runs out of memory would, once it has seen some frames.</summary>
    private sealed class FailingUpscaler(IUpscaler inner, int failAtFrame) : IUpscaler
    {
        public const string Message = "test: the upscaler failed on purpose";

        private int _frames;

        public string Name => inner.Name;

        public string Provider => inner.Provider;

        public int Scale => inner.Scale;

        public void Upscale(ReadOnlySpan<RgbFrame> inputs, ReadOnlySpan<RgbFrame> outputs, CancellationToken cancellationToken)
        {
            _frames += inputs.Length;
            if (_frames >= failAtFrame)
            {
                throw new InferenceException(Message);
            }

            inner.Upscale(inputs, outputs, cancellationToken);
        }

        public void Dispose() => inner.Dispose();
    }
}
