using System.Text.Json;
using BsrnVideo.Infer;
using BsrnVideo.Pipeline;
using BsrnVideo.Pipeline.Live;
using BsrnVideo.Tests.Service;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Pipeline.Live;

/// <summary><see cref="LiveJob"/> without the service: a file input runs to its end and every pooled frame comes back.</summary>
public sealed class LiveJobTests
{
    [Fact]
    public async Task Run_FileInputToTsFile_CompletesWithEveryFrameAndNoFrameLeft()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(60));
        using var temp = new TempDirectory();
        string output = temp.File("out.ts");
        using var metrics = new PipelineMetrics();
        using var upscaler = new BicubicUpscaler(2);
        using var job = new LiveJob(new LiveJobOptions { Input = LiveSource.Clip, Output = output, Pace = false, QueueFrames = 256 }, upscaler, metrics.ForJob("test"));

        await job.RunAsync(cancel.Token);

        Assert.Equal(LiveJobState.Completed, job.State);
        Assert.Equal(0, job.FramesDropped);
        Assert.Equal(job.FramesIn, job.FramesOut);
        Assert.Equal(LiveSource.ClipFrames, job.FramesOut);
        Assert.Equal(0, job.OutstandingFrames);
        Assert.False(File.Exists(output + ".partial"));
        string probe = ExternalTool.Run("ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=width,height,nb_read_frames", "-of", "json", output]);
        using JsonDocument json = JsonDocument.Parse(probe);
        JsonElement video = json.RootElement.GetProperty("streams")[0];
        Assert.Equal(LiveSource.Width * 2, video.GetProperty("width").GetInt32());
        Assert.Equal(LiveSource.ClipFrames.ToString(System.Globalization.CultureInfo.InvariantCulture), video.GetProperty("nb_read_frames").GetString());
    }
}
