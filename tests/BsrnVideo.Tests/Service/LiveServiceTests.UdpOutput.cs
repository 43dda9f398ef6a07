using System.Text.Json;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Service;

public sealed partial class LiveServiceTests
{
    [Fact]
    public async Task Serve_UdpOutput_IsALiveMpegTsStreamAtScaleWithAudio()
    {
        await using ServiceHarness service = await ServiceHarness.StartAsync(Token);
        int inPort = LiveSource.FreeUdpPort();
        int outPort = LiveSource.FreeUdpPort();

        // A receiver first (UDP has no handshake): ffprobe listening on the output port.
        Task<string> probe = Task.Run(() => ExternalTool.Run(
            "ffprobe",
            ["-v", "error", "-timeout", "20000000", "-show_entries", "stream=codec_type,codec_name,width,height", "-of", "json", $"udp://127.0.0.1:{outPort}"],
            TimeSpan.FromSeconds(40)));
        var created = await service.CreateJobAsync(new { input = $"udp://127.0.0.1:{inPort}", output = $"udp://127.0.0.1:{outPort}?pkt_size=1316", scale = 2 }, Token);
        using LiveSource source = LiveSource.Push(inPort, loops: 2);

        using JsonDocument streams = JsonDocument.Parse(await probe.WaitAsync(Token));
        var list = streams.RootElement.GetProperty("streams").EnumerateArray().ToList();
        JsonElement video = Assert.Single(list, s => s.GetProperty("codec_type").GetString() == "video");
        Assert.Equal(LiveSource.Width * 2, video.GetProperty("width").GetInt32());
        Assert.Single(list, s => s.GetProperty("codec_type").GetString() == "audio");
        var stopped = await service.DeleteJobAsync(created.Id, Token);
        Assert.Equal("stopped", stopped.State);
        Assert.Equal("udp://127.0.0.1:" + outPort + "?pkt_size=1316", stopped.Output);
    }
}
