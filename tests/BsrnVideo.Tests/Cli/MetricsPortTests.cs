using System.Net;
using System.Net.Sockets;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Cli;

/// <summary><c>--metrics-port</c>: the CLI serves the pipeline's instruments to Prometheus while a job runs.</summary>
public sealed class MetricsPortTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Main_MetricsPort_ServesStageDurationBucketsForEveryStageWhileRunning()
    {
        int port = FreePort();
        string output = _temp.File("out.mp4");
        using CliProcess run = BsrnCli.Start(
            [TestClips.Plain(160, 90, 750), output, "--model", "bicubic", "--preset", "veryslow", "--metrics-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            defaultSignals: true);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string[] stages = ["demux", "decode", "to_tensor", "infer", "from_tensor", "encode", "mux"];
        string scrape = string.Empty;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !run.HasExited)
        {
            try
            {
                scrape = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"), TestContext.Current.CancellationToken);
                if (stages.All(s => scrape.Contains($"bsrn_stage_duration_seconds_bucket{{otel_scope_name=\"BsrnVideo.Pipeline\",stage=\"{s}\"", StringComparison.Ordinal)))
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        BsrnCli.Signal(run.Id, BsrnCli.SIGINT);
        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(30)), "the CLI did not stop after SIGINT");
        foreach (string stage in stages)
        {
            Assert.Contains($"bsrn_stage_duration_seconds_bucket{{otel_scope_name=\"BsrnVideo.Pipeline\",stage=\"{stage}\"", scrape, StringComparison.Ordinal);
        }

        Assert.Contains("process_", scrape, StringComparison.Ordinal); // process metrics ride along
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
