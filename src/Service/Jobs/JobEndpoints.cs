using System.Text.Json;
using System.Text.RegularExpressions;
using BsrnVideo.Decode;
using BsrnVideo.Encode;
using BsrnVideo.Infer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace BsrnVideo.Service.Jobs;

/// <summary>The jobs API: <c>/v1/jobs</c>.</summary>
public static partial class JobEndpoints
{
    internal static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder jobs = app.MapGroup("/v1/jobs").WithTags("Jobs");
        jobs.MapPost("/", CreateAsync)
            .WithName("CreateJob")
            .WithSummary("Starts a live upscaling job")
            .Accepts<CreateJobRequest>("application/json")
            .Produces<JobCreated>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        jobs.MapGet("/", (JobManager manager) => Results.Ok(manager.Sessions.Select(s => s.Snapshot()).ToArray()))
            .WithName("ListJobs")
            .WithSummary("Lists the jobs")
            .Produces<JobStatus[]>();
        jobs.MapGet("/{id}", (string id, JobManager manager) => manager.Find(id) is { } session ? Results.Ok(session.Snapshot()) : NotFound(id))
            .WithName("GetJob")
            .WithSummary("A job's state, frame counts, frame rate, latency percentiles and last error")
            .Produces<JobStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapDelete("/{id}", DeleteAsync)
            .WithName("DeleteJob")
            .WithSummary("Stops a job cleanly (its output is finalised) and forgets it; answers its last status")
            .Produces<JobStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, JobManager manager, JobRequestValidator validator, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ILogger logger = loggers.CreateLogger(typeof(JobEndpoints));
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Reject(logger, ProblemMapping.Invalid(new(StringComparer.Ordinal) { ["body"] = ["The body must be JSON (Content-Type: application/json)."] }), "not JSON");
        }

        CreateJobRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<CreateJobRequest>(request.Body, s_json, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            (string field, string message) = Describe(e);
            return Reject(logger, ProblemMapping.Invalid(new(StringComparer.Ordinal) { [field] = [message] }), message);
        }

        if (body is null)
        {
            return Reject(logger, ProblemMapping.Invalid(new(StringComparer.Ordinal) { ["body"] = ["The body must be a JSON object."] }), "null body");
        }

        string id = Guid.NewGuid().ToString("N")[..12];
        JobPlan? plan = validator.Validate(body, id, out Dictionary<string, string[]> errors);
        if (plan is null)
        {
            return Reject(logger, ProblemMapping.Invalid(errors), string.Join("; ", errors.Select(e => e.Value[0])));
        }

        try
        {
            StreamSession session = await manager.CreateAsync(plan, cancellationToken).ConfigureAwait(false);
            return Results.Created($"/v1/jobs/{session.Id}", new JobCreated(session.Id, plan.HlsPath));
        }
        catch (JobLimitException e)
        {
            ServiceLog.RequestRejected(logger, StatusCodes.Status429TooManyRequests, e.Message);
            request.HttpContext.Response.Headers.RetryAfter = "5";
            return ProblemMapping.ToProblem(e);
        }
        catch (InferenceException e)
        {
            ServiceLog.RequestRejected(logger, StatusCodes.Status422UnprocessableEntity, e.Message);
            return ProblemMapping.ToProblem(e, "model");
        }
        catch (Exception e) when (e is DecodeException or EncodeException)
        {
            ServiceLog.RequestRejected(logger, StatusCodes.Status422UnprocessableEntity, e.Message);
            return ProblemMapping.ToProblem(e);
        }
    }

    private static async Task<IResult> DeleteAsync(string id, JobManager manager, CancellationToken cancellationToken)
    {
        JobStatus? status = await manager.RemoveAsync(id, cancellationToken).ConfigureAwait(false);
        return status is null ? NotFound(id) : Results.Ok(status);
    }

    private static IResult NotFound(string id) =>
        Results.Problem(detail: $"There is no job '{id}' (GET /v1/jobs lists them).", statusCode: StatusCodes.Status404NotFound, title: "No such job");

    private static IResult Reject(ILogger logger, IResult result, string detail)
    {
        ServiceLog.RequestRejected(logger, StatusCodes.Status400BadRequest, detail);
        return result;
    }

    /// <summary>The field a JSON error is about (the JSON path without "$.", "body" for the document) and a message naming it.</summary>
    internal static (string Field, string Message) Describe(JsonException e)
    {
        Match unmapped = UnmappedProperty().Match(e.Message);
        if (unmapped.Success)
        {
            string path = e.Path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : string.Empty;
            string name = unmapped.Groups[1].Value;
            string field = path.Length == 0 || path == name ? name : path.EndsWith("." + name, StringComparison.Ordinal) ? path : $"{path}.{name}";
            return (field, $"{field}: unknown field; the fields are input, output, scale, model, device, batch, live{{overload, queueFrames, pace, reconnect, audio, hlsSegmentSeconds, hlsListSize}}, encoder{{codec, crf, preset}}.");
        }

        if (e.Path is { Length: > 2 } jsonPath && jsonPath.StartsWith("$.", StringComparison.Ordinal))
        {
            string field = jsonPath[2..];
            return (field, $"{field}: the value has the wrong type or is malformed.");
        }

        return ("body", $"The body is not valid JSON: {e.Message.Split(" Path:", 2)[0]}");
    }

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped", RegexOptions.CultureInvariant)]
    private static partial Regex UnmappedProperty();
}
