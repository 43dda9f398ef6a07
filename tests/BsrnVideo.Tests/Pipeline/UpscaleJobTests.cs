using BsrnVideo.Encode;
using BsrnVideo.Infer;
using BsrnVideo.Pipeline;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Pipeline;

/// <summary>
/// The offline job end to end (issue 2): real clips made by the ffmpeg CLI, run through <see cref="UpscaleJob"/> with
/// the bicubic upscaler, the output judged by ffprobe. Split by concern: geometry, timing, copied streams, colour,
/// encoders, stills, safe output.
/// </summary>
public sealed partial class UpscaleJobTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    private readonly TempDirectory _temp = new();
    private readonly CancellationTokenSource _cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

    public UpscaleJobTests()
    {
        _cancellation.CancelAfter(s_timeout);
    }

    private CancellationToken Token => _cancellation.Token;

    /// <summary>libx264 at its fastest: the tests judge geometry and timing, not compression.</summary>
    private static EncoderSettings FastX264 => new() { Codec = "libx264", Preset = "ultrafast" };

    public void Dispose()
    {
        _cancellation.Dispose();
        _temp.Dispose();
    }

    /// <summary>Runs <paramref name="input"/> through the whole job with a bicubic x<paramref name="scale"/> upscaler; returns the output path.</summary>
    private async Task<string> UpscaleAsync(string input, string outputName, int scale, EncoderSettings? encoder = null, int batch = 1)
    {
        string output = _temp.File(outputName);
        using var upscaler = new BicubicUpscaler(scale);
        using var metrics = new PipelineMetrics();
        var options = new UpscaleJobOptions { Input = input, Output = output, Encoder = encoder ?? FastX264, Batch = batch };
        using (UpscaleJob job = UpscaleJob.Open(options, upscaler, metrics))
        {
            Assert.Equal(JobOutcome.Completed, await job.RunAsync(stop: CancellationToken.None, Token));
        }

        Assert.True(File.Exists(output), $"{output} was not written.");
        Assert.False(File.Exists(output + ".partial"), "the .partial file was left behind after success.");
        return output;
    }
}
