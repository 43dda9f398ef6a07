using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BsrnVideo.Service;
using BsrnVideo.Service.Jobs;
using BsrnVideo.Tests.TestUtilities;
using Microsoft.AspNetCore.Builder;

namespace BsrnVideo.Tests.Service;

/// <summary>The real service on Kestrel at 127.0.0.1:0, with its own HLS folder and media root, and a client holding the token.</summary>
internal sealed class ServiceHarness : IAsyncDisposable
{
    public const string Token = "test-token-1234";

    private readonly TempDirectory _temp = new();
    private readonly WebApplication _app;
    private bool _stopped;

    private ServiceHarness(Action<ServiceOptions>? configure)
    {
        MediaRoot = _temp.File("media");
        HlsRoot = _temp.File("hls");
        Directory.CreateDirectory(MediaRoot);
        _app = ServiceHost.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], options =>
        {
            options.ApiToken = Token;
            options.MediaRoot = MediaRoot;
            options.HlsRoot = HlsRoot;
            options.DefaultModel = "bicubic";
            options.DefaultScale = 2;
            options.StopTimeout = TimeSpan.FromSeconds(10);
            configure?.Invoke(options);
        });
    }

    public string MediaRoot { get; }

    public string HlsRoot { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A client that sends the token.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>A client that sends no token.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public static async Task<ServiceHarness> StartAsync(CancellationToken cancellationToken, Action<ServiceOptions>? configure = null)
    {
        var harness = new ServiceHarness(configure);
        await harness._app.StartAsync(cancellationToken);
        harness.BaseAddress = ServiceHost.ListeningAddress(harness._app);
        harness.Client = new HttpClient { BaseAddress = harness.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        harness.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        harness.Anonymous = new HttpClient { BaseAddress = harness.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        return harness;
    }

    public async Task<JobCreated> CreateJobAsync(object body, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await Client.PostAsJsonAsync("/v1/jobs", body, cancellationToken);
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"POST /v1/jobs answered {(int)response.StatusCode}: {text}");
        Assert.Equal($"/v1/jobs/", response.Headers.Location!.OriginalString[..9]);
        return JsonSerializer.Deserialize<JobCreated>(text, JobEndpoints.s_json)!;
    }

    public async Task<JobStatus> GetJobAsync(string id, CancellationToken cancellationToken) =>
        (await Client.GetFromJsonAsync<JobStatus>($"/v1/jobs/{id}", JobEndpoints.s_json, cancellationToken))!;

    /// <summary>Polls the job every 200 ms until <paramref name="condition"/> holds; fails with the last status after <paramref name="timeout"/>.</summary>
    public async Task<JobStatus> WaitForAsync(string id, Func<JobStatus, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        DateTime end = DateTime.UtcNow + timeout;
        JobStatus status;
        while (true)
        {
            status = await GetJobAsync(id, cancellationToken);
            if (condition(status))
            {
                return status;
            }

            if (DateTime.UtcNow > end)
            {
                Assert.Fail($"job {id} did not reach the expected condition within {timeout}: {JsonSerializer.Serialize(status, JobEndpoints.s_json)}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    public async Task<JobStatus> DeleteJobAsync(string id, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await Client.DeleteAsync($"/v1/jobs/{id}", cancellationToken);
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"DELETE answered {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<JobStatus>(text, JobEndpoints.s_json)!;
    }

    /// <summary>Stops the host as SIGTERM would (the job manager drains every job).</summary>
    public async Task StopHostAsync(CancellationToken cancellationToken)
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        Anonymous?.Dispose();
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            await StopHostAsync(stop.Token);
        }

        await _app.DisposeAsync();
        _temp.Dispose();
    }
}
