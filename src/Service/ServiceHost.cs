using System.Net;
using System.Reflection;
using BsrnVideo.Pipeline;
using BsrnVideo.Service.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using OpenTelemetry.Metrics;

namespace BsrnVideo.Service;

/// <summary>
/// Builds the <c>bsrn-video serve</c> web application: jobs API, HLS files, status page, OpenAPI document,
/// Prometheus metrics (pipeline, service, .NET runtime, process). The CLI hosts it; tests build it on 127.0.0.1:0.
/// </summary>
public static class ServiceHost
{
    /// <summary>Creates the application from the usual .NET configuration sources plus <paramref name="args"/>.</summary>
    /// <param name="args">Command-line configuration (<c>--urls</c>, <c>--BsrnVideo:MaxJobs=4</c>, ...).</param>
    /// <param name="configure">Settings applied over the configuration (the CLI's flags, tests).</param>
    public static WebApplication Build(string[] args, Action<ServiceOptions>? configure = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(ServiceHost).Assembly.GetName().Name });
        var options = new ServiceOptions();
        IConfigurationSection section = builder.Configuration.GetSection(ServiceOptions.Section);
        section.Bind(options);
        ReplaceList(options.InputSchemes, section.GetSection(nameof(ServiceOptions.InputSchemes)));
        ReplaceList(options.OutputSchemes, section.GetSection(nameof(ServiceOptions.OutputSchemes)));
        string? envToken = Environment.GetEnvironmentVariable(ServiceOptions.TokenVariable);
        if (string.IsNullOrEmpty(options.ApiToken) && !string.IsNullOrEmpty(envToken))
        {
            options.ApiToken = envToken;
        }

        configure?.Invoke(options);
        Directory.CreateDirectory(options.HlsRoot);
        string? loopbackNote = null;
        if (string.IsNullOrEmpty(options.ApiToken))
        {
            string urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey) ?? "http://localhost:5000";
            string loopback = LoopbackOnly(urls);
            builder.WebHost.UseUrls(loopback.Split(';', StringSplitOptions.RemoveEmptyEntries));
            loopbackNote = loopback;
        }

        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => new PipelineMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        builder.Services.AddSingleton<ServiceMetrics>();
        builder.Services.AddSingleton<JobRequestValidator>();
        builder.Services.AddSingleton<JobManager>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobManager>());
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = options.StopTimeout + TimeSpan.FromSeconds(5));
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            // The jobs API takes a bearer token (BSRN_VIDEO_API_TOKEN); say so in the document.
            document.Info.Title = "bsrn-video live upscaling service";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The token configured as BSRN_VIDEO_API_TOKEN (or BsrnVideo:ApiToken).",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
            return Task.CompletedTask;
        }));
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(PipelineMetrics.MeterName, ServiceMetrics.MeterName)
            .AddRuntimeInstrumentation()
            .AddProcessInstrumentation()
            .AddPrometheusExporter());

        WebApplication app = builder.Build();
        if (loopbackNote is not null)
        {
            ILogger logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ServiceHost));
            app.Lifetime.ApplicationStarted.Register(() => ServiceLog.NoTokenLoopbackOnly(logger, ServiceOptions.TokenVariable, loopbackNote));
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<BearerTokenMiddleware>();
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".m3u8"] = "application/vnd.apple.mpegurl";
        types.Mappings[".ts"] = "video/mp2t";
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.GetFullPath(options.HlsRoot)),
            RequestPath = "/hls",
            ContentTypeProvider = types,
            OnPrepareResponse = file =>
            {
                if (file.File.Name.EndsWith(".m3u8", StringComparison.Ordinal))
                {
                    file.Context.Response.Headers.CacheControl = "no-cache";
                }
            },
        });

        app.MapGet("/", () => Results.Content(StatusPageHtml.Value, "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" })).ExcludeFromDescription();
        app.MapOpenApi();
        app.MapJobs();
        app.MapPrometheusScrapingEndpoint();
        return app;
    }

    /// <summary>The address the app listens on after start (the real port when it was 0).</summary>
    public static Uri ListeningAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return new Uri(app.Urls.First());
    }

    /// <summary>Each URL with a non-loopback host moved to 127.0.0.1, same scheme and port.</summary>
    internal static string LoopbackOnly(string urls) =>
        string.Join(';', urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(url =>
        {
            int schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
            if (schemeEnd < 0)
            {
                return url;
            }

            string rest = url[(schemeEnd + 3)..];
            int portStart = rest.StartsWith('[') ? rest.IndexOf("]:", StringComparison.Ordinal) + 1 : rest.LastIndexOf(':');
            string host = portStart > 0 ? rest[..portStart] : rest.TrimEnd('/');
            string port = portStart > 0 ? rest[portStart..].TrimEnd('/') : string.Empty;
            bool loopback = host is "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? ip) && IPAddress.IsLoopback(ip));
            return loopback ? url : $"{url[..schemeEnd]}://127.0.0.1{port}";
        }));

    /// <summary>The binder appends configured items to a list's defaults; an allow-list must be replaced instead.</summary>
    private static void ReplaceList(IList<string> list, IConfigurationSection configured)
    {
        if (!configured.Exists())
        {
            return;
        }

        list.Clear();
        foreach (IConfigurationSection item in configured.GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(item.Value))
            {
                list.Add(item.Value.Trim().ToLowerInvariant());
            }
        }
    }

    private static readonly Lazy<string> StatusPageHtml = new(() =>
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("BsrnVideo.Service.StatusPage.html")
            ?? throw new InvalidOperationException("The status page resource is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}
