namespace BsrnVideo.Tests.Service;

public sealed partial class LiveServiceTests
{
    [Fact]
    public async Task Serve_OneJobFails_TheOtherKeepsRunning()
    {
        await using ServiceHarness service = await ServiceHarness.StartAsync(Token, options => options.MaxJobs = 2);
        int port = LiveSource.FreeUdpPort();
        var healthy = await service.CreateJobAsync(new { input = $"udp://127.0.0.1:{port}", output = "hls", scale = 2, model = "bicubic" }, Token);
        using LiveSource source = LiveSource.Push(port);
        await service.WaitForAsync(healthy.Id, s => s.FramesOut >= 25, TimeSpan.FromSeconds(30), Token);

        // A job on a file that is not a video, in the media root: it fails on its own.
        string garbage = Path.Combine(service.MediaRoot, "garbage.mp4");
        await File.WriteAllBytesAsync(garbage, [.. Enumerable.Range(0, 64 * 1024).Select(i => (byte)(i * 7919 % 251))], Token);
        var broken = await service.CreateJobAsync(new { input = "garbage.mp4", output = "hls", scale = 2, model = "bicubic" }, Token);
        var failed = await service.WaitForAsync(broken.Id, s => s.State == "failed", TimeSpan.FromSeconds(20), Token);
        Assert.False(string.IsNullOrEmpty(failed.LastError));

        long framesBefore = (await service.GetJobAsync(healthy.Id, Token)).FramesOut;
        var still = await service.WaitForAsync(healthy.Id, s => s.FramesOut >= framesBefore + 25, TimeSpan.FromSeconds(20), Token);
        Assert.Equal("running", still.State);
        Assert.True(string.IsNullOrEmpty(still.LastError), still.LastError);
        await service.DeleteJobAsync(healthy.Id, Token);
    }
}
