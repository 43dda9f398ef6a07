using System.Text.Json;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Service;

public sealed partial class LiveServiceTests
{
    [Fact]
    public async Task Serve_InputDropsAndReturns_JobReconnectsAndOutputTimestampsStayMonotonic()
    {
        await using ServiceHarness service = await ServiceHarness.StartAsync(Token);
        int port = LiveSource.FreeUdpPort();
        var created = await service.CreateJobAsync(new { input = $"udp://127.0.0.1:{port}", scale = 2, live = new { hlsListSize = 0 } }, Token);
        using (LiveSource first = LiveSource.Push(port))
        {
            await service.WaitForAsync(created.Id, s => s.FramesOut >= 50, TimeSpan.FromSeconds(20), Token);
        }

        // The sender is gone: after the read timeout (3 s) the job says it is reconnecting.
        var waiting = await service.WaitForAsync(created.Id, s => s.State == "reconnecting", TimeSpan.FromSeconds(15), Token);
        Assert.NotNull(waiting.LastError);
        long before = waiting.FramesOut;

        using (LiveSource second = LiveSource.Push(port))
        {
            var back = await service.WaitForAsync(created.Id, s => s.State == "running" && s.Reconnects == 1 && s.FramesOut >= before + 50, TimeSpan.FromSeconds(30), Token);
            Assert.Equal(1, back.Reconnects);
        }

        await service.DeleteJobAsync(created.Id, Token);

        // Both sessions are in one playlist, and the video's timestamps only go forward.
        string playlist = Path.Combine(service.HlsRoot, created.Id, "index.m3u8");
        string json = ExternalTool.Run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts", "-of", "json", playlist], TimeSpan.FromSeconds(30));
        using JsonDocument packets = JsonDocument.Parse(json);
        long[] pts = [.. packets.RootElement.GetProperty("packets").EnumerateArray().Select(p => p.GetProperty("pts").GetInt64())];
        Assert.True(pts.Length >= before + 50, $"only {pts.Length} video packets in the output");
        for (int i = 1; i < pts.Length; i++)
        {
            Assert.True(pts[i] > pts[i - 1], $"output pts went back at packet {i}: {pts[i - 1]} then {pts[i]}");
        }
    }
}
