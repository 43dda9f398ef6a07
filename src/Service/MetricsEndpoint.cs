using BsrnVideo.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace BsrnVideo.Service;

/// <summary>
/// A bare Prometheus <c>/metrics</c> endpoint on loopback for the offline CLI (<c>--metrics-port</c>): the same
/// instruments as the service (meter <see cref="PipelineMetrics.MeterName"/>), plus .NET runtime and process metrics.
/// </summary>
public sealed class MetricsEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MetricsEndpoint(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The address Prometheus scrapes.</summary>
    public Uri Address => new(_app.Urls.First() + "/metrics");

    public static async Task<MetricsEndpoint> StartAsync(int port, CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(PipelineMetrics.MeterName)
            .AddRuntimeInstrumentation()
            .AddProcessInstrumentation()
            .AddPrometheusExporter());
        WebApplication app = builder.Build();
        app.MapPrometheusScrapingEndpoint();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new MetricsEndpoint(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
