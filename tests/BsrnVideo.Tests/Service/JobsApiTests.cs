using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace BsrnVideo.Tests.Service;

/// <summary>The jobs API's contract: authentication, validation problems naming the field, the job limit, the OpenAPI document.</summary>
public sealed class JobsApiTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private ServiceHarness _service = null!;

    private CancellationToken Token => _timeout.Token;

    public async ValueTask InitializeAsync()
    {
        _timeout.CancelAfter(TimeSpan.FromSeconds(60));
        _service = await ServiceHarness.StartAsync(Token, options => options.MaxJobs = 1);
    }

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Jobs_WithoutToken_Answer401WithBearerChallenge()
    {
        using HttpResponseMessage list = await _service.Anonymous.GetAsync("/v1/jobs", Token);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal("Bearer", list.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", list.Content.Headers.ContentType?.MediaType);

        using HttpResponseMessage create = await _service.Anonymous.PostAsJsonAsync("/v1/jobs", new { input = "udp://127.0.0.1:5000" }, Token);
        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/v1/jobs");
        wrong.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-the-token");
        using HttpResponseMessage wrongToken = await _service.Anonymous.SendAsync(wrong, Token);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);

        // Metrics and health stay open for Prometheus and probes by default.
        using HttpResponseMessage metrics = await _service.Anonymous.GetAsync("/metrics", Token);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
    }

    [Fact]
    public async Task Create_FileInputOutsideMediaRoot_Answers400NamingInput()
    {
        JsonElement problem = await PostExpectingAsync(new { input = "file:///etc/passwd" }, HttpStatusCode.BadRequest);
        Assert.Contains("input", problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Contains("outside the media root", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        JsonElement relative = await PostExpectingAsync(new { input = "../../../etc/passwd" }, HttpStatusCode.BadRequest);
        Assert.Contains("outside the media root", relative.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_LinkInsideMediaRootPointingOutside_Answers400()
    {
        File.CreateSymbolicLink(Path.Combine(_service.MediaRoot, "escape.mp4"), "/etc/passwd");
        JsonElement problem = await PostExpectingAsync(new { input = "escape.mp4" }, HttpStatusCode.BadRequest);
        Assert.Contains("outside the media root", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"input": "udp://127.0.0.1:5000", "speed": 3}""", "speed")]
    [InlineData("""{"input": "udp://127.0.0.1:5000", "live": {"queue": 3}}""", "live.queue")]
    [InlineData("""{"input": "udp://127.0.0.1:5000", "scale": "four"}""", "scale")]
    [InlineData("""{"input": "udp://127.0.0.1:5000", "scale": 99}""", "scale")]
    [InlineData("""{"input": "gopher://127.0.0.1:5000"}""", "input")]
    [InlineData("""{"input": "concat:a.mp4|b.mp4"}""", "input")]
    [InlineData("""{"input": "udp://127.0.0.1:5000", "output": "ftp://example.org/x.ts"}""", "output")]
    [InlineData("""{"input": "udp://127.0.0.1:5000", "live": {"overload": "panic"}}""", "live.overload")]
    [InlineData("""{"input": "udp://127.0.0.1:5000",""", "body")]
    [InlineData("""{}""", "input")]
    public async Task Create_InvalidRequest_Answers400NamingTheField(string body, string field)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await _service.Client.PostAsync("/v1/jobs", content, Token);
        string text = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using JsonDocument problem = JsonDocument.Parse(text);
        Assert.Contains(field, problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.StartsWith(field, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_BeyondJobLimit_Answers429()
    {
        // No sender: the first job waits for its input (state starting) and holds the only slot.
        var first = await _service.CreateJobAsync(new { input = $"udp://127.0.0.1:{LiveSource.FreeUdpPort()}" }, Token);
        using HttpResponseMessage second = await _service.Client.PostAsJsonAsync("/v1/jobs", new { input = $"udp://127.0.0.1:{LiveSource.FreeUdpPort()}" }, Token);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.NotNull(second.Headers.RetryAfter);

        var status = await _service.GetJobAsync(first.Id, Token);
        Assert.Equal("starting", status.State);
        var stopped = await _service.DeleteJobAsync(first.Id, Token);
        Assert.Equal("stopped", stopped.State);

        // The slot is free again.
        var third = await _service.CreateJobAsync(new { input = $"udp://127.0.0.1:{LiveSource.FreeUdpPort()}" }, Token);
        await _service.DeleteJobAsync(third.Id, Token);
    }

    [Fact]
    public async Task Create_UnknownModel_Answers422NamingModel()
    {
        JsonElement problem = await PostExpectingAsync(new { input = "udp://127.0.0.1:5000", model = "no-such-model" }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("model", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task OpenApi_Document_DescribesTheJobsApi()
    {
        string json = await _service.Anonymous.GetStringAsync("/openapi/v1.json", Token);
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/v1/jobs", out JsonElement jobs));
        Assert.True(jobs.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/v1/jobs/{id}", out JsonElement job));
        Assert.True(job.TryGetProperty("delete", out _));
        Assert.Contains("CreateJobRequest", json, StringComparison.Ordinal);
        Assert.Equal("bearer", document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
    }

    private async Task<JsonElement> PostExpectingAsync(object body, HttpStatusCode expected)
    {
        using HttpResponseMessage response = await _service.Client.PostAsJsonAsync("/v1/jobs", body, Token);
        string text = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
