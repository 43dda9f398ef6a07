using System.Net;
using System.Net.Sockets;
using System.Text;
using BsrnVideo.Service.Jobs;

namespace BsrnVideo.Tests.Service;

/// <summary>
/// The service under churn (issue 5): many create/delete cycles and a client that hangs up mid-request leave it
/// answering, with no job, thread of work or file descriptor left behind.
/// </summary>
[Collection(LiveServiceCollection.Name)]
public sealed class ServiceSoakTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private ServiceHarness _service = null!;

    private CancellationToken Token => _timeout.Token;

    public async ValueTask InitializeAsync()
    {
        _timeout.CancelAfter(TimeSpan.FromMinutes(3));
        _service = await ServiceHarness.StartAsync(Token, options => options.MaxJobs = 2);
    }

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Jobs_HundredCreateDeleteCycles_LeaveNoJobAndNoDescriptorBehind()
    {
        // Warm up once so lazily opened descriptors (thread pool, sockets' epoll) are counted in the baseline.
        await CycleAsync();
        int descriptorsBefore = OpenDescriptors();

        for (int i = 0; i < 100; i++)
        {
            await CycleAsync();
        }

        using HttpResponseMessage list = await _service.Client.GetAsync("/v1/jobs", Token);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("[]", (await list.Content.ReadAsStringAsync(Token)).Trim());
        int descriptorsAfter = OpenDescriptors();
        Assert.True(descriptorsAfter <= descriptorsBefore + 8, $"file descriptors grew from {descriptorsBefore} to {descriptorsAfter} over 100 jobs");
    }

    [Fact]
    public async Task Create_ClientDisconnectsMidRequest_ServiceKeepsAnswering()
    {
        for (int i = 0; i < 5; i++)
        {
            using var socket = new TcpClient();
            await socket.ConnectAsync(_service.BaseAddress.Host, _service.BaseAddress.Port, Token);
            NetworkStream stream = socket.GetStream();
            string head = "POST /v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ServiceHarness.Token +
                          "\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"input\": \"udp://127.0";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Token);
            await stream.FlushAsync(Token);
            socket.Client.Shutdown(SocketShutdown.Both); // hang up with the body half sent
        }

        using HttpResponseMessage list = await _service.Client.GetAsync("/v1/jobs", Token);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("[]", (await list.Content.ReadAsStringAsync(Token)).Trim());
        JobCreated job = await _service.CreateJobAsync(new { input = $"udp://127.0.0.1:{LiveSource.FreeUdpPort()}" }, Token);
        await _service.DeleteJobAsync(job.Id, Token);
    }

    [Fact]
    public async Task Jobs_TwoHundredShortFileJobs_ResidentSetSettlesAndNoDescriptorLeaks()
    {
        File.Copy(TestUtilities.TestClips.Frames64x36(5), Path.Combine(_service.MediaRoot, "short.mp4"), overwrite: true);
        long rssAt50 = 0;
        int descriptorsAt50 = 0;
        for (int job = 1; job <= 200; job++)
        {
            JobCreated created = await _service.CreateJobAsync(
                new { input = "short.mp4", output = $"out_{job}.ts", scale = 2, model = "bicubic", live = new { pace = false } }, Token);
            await _service.WaitForAsync(created.Id, s => s.State is "completed" or "failed" or "stopped", TimeSpan.FromSeconds(30), Token);
            JobStatus last = await _service.DeleteJobAsync(created.Id, Token);
            Assert.True(last.State == "completed", $"job {job} ended {last.State}: {last.LastError}");
            File.Delete(Path.Combine(_service.MediaRoot, $"out_{job}.ts"));
            if (job == 50)
            {
                (rssAt50, descriptorsAt50) = Settle();
            }
        }

        (long rssAt200, int descriptorsAt200) = Settle();
        TestContext.Current.TestOutputHelper?.WriteLine($"service RSS after job 50: {rssAt50 / 1048576.0:F1} MiB, after job 200: {rssAt200 / 1048576.0:F1} MiB; fds {descriptorsAt50} -> {descriptorsAt200}");
        Assert.True(rssAt200 < rssAt50 * 1.10, $"resident set grew from {rssAt50 / 1048576.0:F1} MiB (job 50) to {rssAt200 / 1048576.0:F1} MiB (job 200)");
        Assert.True(descriptorsAt200 <= descriptorsAt50 + 8, $"file descriptors grew from {descriptorsAt50} to {descriptorsAt200}");
    }

    private static (long Rss, int Descriptors) Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        long rss = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        return (rss, OpenDescriptors());
    }

    private async Task CycleAsync()
    {
        JobCreated job = await _service.CreateJobAsync(new { input = $"udp://127.0.0.1:{LiveSource.FreeUdpPort()}", output = "hls" }, Token);
        await _service.DeleteJobAsync(job.Id, Token);
    }

    private static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;
}
