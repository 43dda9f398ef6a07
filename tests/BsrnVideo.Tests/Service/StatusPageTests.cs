using System.Diagnostics;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Service;

/// <summary>The status page at <c>/</c> in headless Chromium (Debian's <c>chromium</c>) while a job runs.</summary>
[Collection(LiveServiceCollection.Name)]
public sealed class StatusPageTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

    public StatusPageTests()
    {
        _timeout.CancelAfter(TimeSpan.FromSeconds(90));
    }

    private CancellationToken Token => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task StatusPage_InHeadlessChromium_ShowsTheRunningJob()
    {
        string? chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        if (chromium is null)
        {
            Assert.Skip("Chromium is not installed (apt-get install -y chromium); the CI script installs it.");
        }

        await using ServiceHarness service = await ServiceHarness.StartAsync(Token);
        int port = LiveSource.FreeUdpPort();
        var created = await service.CreateJobAsync(new { input = $"udp://127.0.0.1:{port}", scale = 2 }, Token);
        using LiveSource source = LiveSource.Push(port, loops: 2);
        await service.WaitForAsync(created.Id, s => s.State == "running" && s.FramesOut > 50, TimeSpan.FromSeconds(20), Token);

        using var profile = new TempDirectory();
        string url = new Uri(service.BaseAddress, $"/#token={ServiceHarness.Token}").ToString();
        string[] common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", $"--user-data-dir={profile.Path}", "--virtual-time-budget=4000"];
        ProcessResult dom = ExternalTool.TryRun(chromium, [.. common, "--dump-dom", url], TimeSpan.FromSeconds(60));
        Assert.True(dom.ExitCode == 0, dom.StandardError);
        Assert.Contains($"data-job=\"{created.Id}\"", dom.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("state running", dom.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("<canvas id=\"fps\"", dom.StandardOutput, StringComparison.Ordinal);

        // A screenshot for people to look at (kept under the temp folder; the path is in the test output).
        string screenshot = Path.Combine(Path.GetTempPath(), "bsrn-video-status-page.png");
        ProcessResult shot = ExternalTool.TryRun(chromium, [.. common, "--window-size=1500,700", $"--screenshot={screenshot}", url], TimeSpan.FromSeconds(60));
        Assert.True(shot.ExitCode == 0 && File.Exists(screenshot), shot.StandardError);
        TestContext.Current.TestOutputHelper?.WriteLine($"status page screenshot: {screenshot}");
        await service.DeleteJobAsync(created.Id, Token);
    }
}
