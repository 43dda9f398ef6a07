using System.Text.Json;
using BsrnVideo.Pipeline;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Service;

/// <summary>
/// The service end to end: real Kestrel on 127.0.0.1:0, the ffmpeg CLI pushing a real-time MPEG-TS stream over
/// UDP, real decoding, bicubic upscaling, x264 encoding and FFmpeg's HLS muxer, checked with ffprobe.
/// </summary>
[Collection(LiveServiceCollection.Name)]
public sealed partial class LiveServiceTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

    public LiveServiceTests()
    {
        _timeout.CancelAfter(TimeSpan.FromSeconds(90));
    }

    private CancellationToken Token => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task Serve_UdpStreamToHls_PlaysAtScaleTimesInputWithAudioAndDeleteFinalisesPlaylist()
    {
        await using ServiceHarness service = await ServiceHarness.StartAsync(Token);
        int port = LiveSource.FreeUdpPort();
        var created = await service.CreateJobAsync(new { input = $"udp://127.0.0.1:{port}", output = "hls", scale = 2, model = "bicubic" }, Token);
        Assert.Equal($"/hls/{created.Id}/index.m3u8", created.Hls);
        using LiveSource source = LiveSource.Push(port);

        // Two 2-second segments in the playlist.
        string playlistFile = Path.Combine(service.HlsRoot, created.Id, "index.m3u8");
        var running = await service.WaitForAsync(created.Id, s => s.FramesOut >= 100 && File.Exists(playlistFile) && File.ReadAllText(playlistFile).Contains("segment_00001.ts", StringComparison.Ordinal), TimeSpan.FromSeconds(30), Token);
        Assert.Equal("running", running.State);
        Assert.Equal($"{LiveSource.Width}x{LiveSource.Height}", running.InputSize);
        Assert.Equal($"{LiveSource.Width * 2}x{LiveSource.Height * 2}", running.OutputSize);
        Assert.Equal("swscale", running.Device);
        Assert.NotNull(running.Latency);

        // The playlist plays, through the service's own HTTP endpoint, at 2x the input with the audio passed through.
        string probe = ExternalTool.Run("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,codec_name,width,height", "-of", "json", new Uri(service.BaseAddress, created.Hls!).ToString()], TimeSpan.FromSeconds(30));
        using (JsonDocument streams = JsonDocument.Parse(probe))
        {
            var list = streams.RootElement.GetProperty("streams").EnumerateArray().ToList();
            JsonElement video = Assert.Single(list, s => s.GetProperty("codec_type").GetString() == "video");
            Assert.Equal("h264", video.GetProperty("codec_name").GetString());
            Assert.Equal(LiveSource.Width * 2, video.GetProperty("width").GetInt32());
            Assert.Equal(LiveSource.Height * 2, video.GetProperty("height").GetInt32());
            JsonElement audio = Assert.Single(list, s => s.GetProperty("codec_type").GetString() == "audio");
            Assert.Equal("aac", audio.GetProperty("codec_name").GetString());
        }

        // Every stage has recorded durations for this job.
        string metrics = await service.Anonymous.GetStringAsync("/metrics", Token);
        foreach (string stage in PipelineMetrics.StageNames)
        {
            double? count = MetricsText.Value(metrics, "bsrn_stage_duration_seconds_bucket", $"stage=\"{stage}\"", $"job=\"{created.Id}\"", "le=\"+Inf\"");
            Assert.True(count > 0, $"bsrn_stage_duration_seconds_bucket has no samples for stage {stage}");
        }

        Assert.True(MetricsText.Value(metrics, "bsrn_frame_latency_seconds_count", $"job=\"{created.Id}\"") > 0);
        Assert.NotNull(MetricsText.Value(metrics, "process_cpu_time_seconds_total"));
        Assert.NotNull(MetricsText.Value(metrics, "dotnet_gc_collections_total"));

        // DELETE stops intake, drains, and the muxer finalises the playlist.
        var stopped = await service.DeleteJobAsync(created.Id, Token);
        Assert.Equal("stopped", stopped.State);
        string playlist = await service.Anonymous.GetStringAsync(created.Hls, Token);
        Assert.Contains("#EXT-X-ENDLIST", playlist, StringComparison.Ordinal);
        using HttpResponseMessage gone = await service.Client.GetAsync($"/v1/jobs/{created.Id}", Token);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Serve_HostStopping_FinalisesEveryJobsOutput()
    {
        ServiceHarness service = await ServiceHarness.StartAsync(Token);
        string playlist;
        try
        {
            int port = LiveSource.FreeUdpPort();
            var created = await service.CreateJobAsync(new { input = $"udp://127.0.0.1:{port}", scale = 2 }, Token);
            playlist = Path.Combine(service.HlsRoot, created.Id, "index.m3u8");
            using LiveSource source = LiveSource.Push(port);
            await service.WaitForAsync(created.Id, s => s.FramesOut >= 60 && File.Exists(playlist), TimeSpan.FromSeconds(20), Token);

            // What SIGTERM does: the host stops; the job manager stops intake and waits for the outputs.
            await service.StopHostAsync(Token);
            Assert.Contains("#EXT-X-ENDLIST", File.ReadAllText(playlist), StringComparison.Ordinal);
        }
        finally
        {
            await service.DisposeAsync();
        }
    }
}
