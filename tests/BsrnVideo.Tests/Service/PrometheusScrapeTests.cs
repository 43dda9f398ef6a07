using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Service;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c> package; the CI script installs it) scraping the service every
/// second, queried through its HTTP API for the per-stage latency series.
/// </summary>
[Collection(LiveServiceCollection.Name)]
public sealed class PrometheusScrapeTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

    public PrometheusScrapeTests()
    {
        _timeout.CancelAfter(TimeSpan.FromSeconds(90));
    }

    private CancellationToken Token => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task Prometheus_ScrapingTheService_ReturnsStageLatencySeries()
    {
        string? prometheus = FindPrometheus();
        if (prometheus is null)
        {
            Assert.Skip("The prometheus binary is not installed (apt-get install -y prometheus); the CI script installs it.");
        }

        await using ServiceHarness service = await ServiceHarness.StartAsync(Token);
        using var temp = new TempDirectory();
        int promPort = FreeTcpPort();
        File.WriteAllText(temp.File("prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: bsrn-video
                honor_labels: true
                static_configs:
                  - targets: ['{service.BaseAddress.Authority}']
            """);
        using Process server = StartPrometheus(prometheus, temp, promPort);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{promPort}"), Timeout = TimeSpan.FromSeconds(10) };
        await WaitUntilReadyAsync(http);

        // Prometheus is scraping; now a job with a stream long enough for several scrapes of every stage.
        int port = LiveSource.FreeUdpPort();
        var created = await service.CreateJobAsync(new { input = $"udp://127.0.0.1:{port}", scale = 2 }, Token);
        using LiveSource source = LiveSource.Push(port, loops: 3);
        try
        {
            string query = Uri.EscapeDataString($"histogram_quantile(0.95, sum by (le, stage) (rate(bsrn_stage_duration_seconds_bucket{{job=\"{created.Id}\"}}[10s])))");
            var stages = new HashSet<string>(StringComparer.Ordinal);
            DateTime end = DateTime.UtcNow + TimeSpan.FromSeconds(40);
            string last = string.Empty;
            while (DateTime.UtcNow < end && stages.Count < 7)
            {
                await Task.Delay(1000, Token);
                try
                {
                    last = await http.GetStringAsync($"/api/v1/query?query={query}", Token);
                }
                catch (HttpRequestException)
                {
                    continue; // still starting
                }

                using JsonDocument answer = JsonDocument.Parse(last);
                foreach (JsonElement series in answer.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
                {
                    string value = series.GetProperty("value")[1].GetString()!;
                    if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds > 0 && !double.IsInfinity(seconds))
                    {
                        stages.Add(series.GetProperty("metric").GetProperty("stage").GetString()!);
                    }
                }
            }

            Assert.True(stages.SetEquals(BsrnVideo.Pipeline.PipelineMetrics.StageNames), $"Prometheus returned p95 latency for [{string.Join(", ", stages)}]; last answer: {last}");
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync(CancellationToken.None);
            }

            await service.DeleteJobAsync(created.Id, CancellationToken.None);
        }
    }

    private async Task WaitUntilReadyAsync(HttpClient http)
    {
        DateTime end = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < end)
        {
            try
            {
                using HttpResponseMessage ready = await http.GetAsync("/-/ready", Token);
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(250, Token);
        }

        Assert.Fail("Prometheus did not become ready within 30 s.");
    }

    internal static string? FindPrometheus()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("BSRN_PROMETHEUS");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv))
        {
            return fromEnv;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':')
            .Select(dir => Path.Combine(dir, "prometheus"))
            .FirstOrDefault(File.Exists);
    }

    private static Process StartPrometheus(string binary, TempDirectory temp, int port)
    {
        var info = new ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in (string[])[$"--config.file={temp.File("prometheus.yml")}", $"--storage.tsdb.path={temp.File("data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--storage.tsdb.retention.time=1h"])
        {
            info.ArgumentList.Add(argument);
        }

        Process process = Process.Start(info) ?? throw new InvalidOperationException("Could not start prometheus.");
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
