using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BsrnVideo.Service;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c> on the jobs API (and on <c>/metrics</c> and <c>/hls/</c> when configured).
/// Without a configured token everything is open, which is why the service then listens on loopback only.
/// </summary>
public sealed class BearerTokenMiddleware
{
    private readonly RequestDelegate _next;
    private readonly byte[]? _token;
    private readonly ServiceOptions _options;
    private readonly ILogger<BearerTokenMiddleware> _logger;

    public BearerTokenMiddleware(RequestDelegate next, IOptions<ServiceOptions> options, ILogger<BearerTokenMiddleware> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _options = options.Value;
        _logger = logger;
        _token = string.IsNullOrEmpty(_options.ApiToken) ? null : Encoding.UTF8.GetBytes(_options.ApiToken);
    }

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_token is null || !IsProtected(context.Request.Path))
        {
            return _next(context);
        }

        string? header = context.Request.Headers.Authorization;
        const string Prefix = "Bearer ";
        if (header is not null && header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[Prefix.Length..].Trim()), _token))
        {
            return _next(context);
        }

        string reason = header is null ? "no Authorization header" : "wrong token";
        string method = context.Request.Method;
        string path = context.Request.Path.Value ?? "/";
        ServiceLog.Unauthorized(_logger, method, path, reason);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status401Unauthorized,
            Title = "Unauthorized",
            Detail = header is null
                ? "This API needs 'Authorization: Bearer <token>' (the token configured as BSRN_VIDEO_API_TOKEN)."
                : "The bearer token is not the one this service is configured with.",
        }).ExecuteAsync(context);
    }

    private bool IsProtected(PathString path) =>
        path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase)
        || (_options.ProtectMetrics && path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase))
        || (_options.ProtectHls && path.StartsWithSegments("/hls", StringComparison.OrdinalIgnoreCase));
}
