namespace BsrnVideo.Tests.Service;

public sealed partial class LiveServiceTests
{
    [Fact]
    public async Task Serve_InputAboveResolutionLimit_JobFailsSayingSoWithoutRetrying()
    {
        await using ServiceHarness service = await ServiceHarness.StartAsync(Token, options => options.MaxInputPixels = 128 * 72);
        int port = LiveSource.FreeUdpPort();
        var created = await service.CreateJobAsync(new { input = $"udp://127.0.0.1:{port}" }, Token);
        using LiveSource source = LiveSource.Push(port);
        var failed = await service.WaitForAsync(created.Id, s => s.State == "failed", TimeSpan.FromSeconds(20), Token);
        Assert.Contains("160x90", failed.LastError, StringComparison.Ordinal);
        Assert.Contains("input limit", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(0, failed.Reconnects);
        Assert.Equal(0, failed.FramesOut);
    }
}
