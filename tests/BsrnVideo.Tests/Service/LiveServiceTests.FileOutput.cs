using System.Text.Json;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Service;

public sealed partial class LiveServiceTests
{
    [Fact]
    public async Task Serve_FileOutputInMediaRoot_IsWrittenAsPartialAndMovedIntoPlaceOnDelete()
    {
        await using ServiceHarness service = await ServiceHarness.StartAsync(Token);
        int port = LiveSource.FreeUdpPort();
        var created = await service.CreateJobAsync(new { input = $"udp://127.0.0.1:{port}", output = "recording.mkv", scale = 2 }, Token);
        Assert.Null(created.Hls);
        string final = Path.Combine(service.MediaRoot, "recording.mkv");
        using (LiveSource source = LiveSource.Push(port))
        {
            await service.WaitForAsync(created.Id, s => s.FramesOut >= 50, TimeSpan.FromSeconds(20), Token);
            Assert.False(File.Exists(final), "the final path must not be written while the job runs");
            Assert.True(File.Exists(final + ".partial"));
        }

        var stopped = await service.DeleteJobAsync(created.Id, Token);
        Assert.Equal("stopped", stopped.State);
        Assert.False(File.Exists(final + ".partial"));
        string probe = ExternalTool.Run("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,width,height", "-of", "json", final], TimeSpan.FromSeconds(30));
        using JsonDocument streams = JsonDocument.Parse(probe);
        var list = streams.RootElement.GetProperty("streams").EnumerateArray().ToList();
        JsonElement video = Assert.Single(list, s => s.GetProperty("codec_type").GetString() == "video");
        Assert.Equal(LiveSource.Width * 2, video.GetProperty("width").GetInt32());
        Assert.Single(list, s => s.GetProperty("codec_type").GetString() == "audio");
    }
}
