using BsrnVideo.Decode;
using BsrnVideo.Encode;
using BsrnVideo.Infer;
using BsrnVideo.Service.Jobs;
using Microsoft.AspNetCore.Http;

namespace BsrnVideo.Service;

/// <summary>The one place that maps the layers' exceptions to HTTP problem details.</summary>
internal static class ProblemMapping
{
    public static IResult ToProblem(Exception exception, string? field = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        (int status, string title) = exception switch
        {
            JobLimitException => (StatusCodes.Status429TooManyRequests, "Too many jobs"),
            InferenceException e when e.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase) => (StatusCodes.Status503ServiceUnavailable, "Inference device out of memory"),
            InferenceException => (StatusCodes.Status422UnprocessableEntity, "The model cannot be used"),
            DecodeException or EncodeException => (StatusCodes.Status422UnprocessableEntity, "The media cannot be used"),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected error"),
        };
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (field is not null)
        {
            extensions["field"] = field;
        }

        return Results.Problem(detail: exception.Message, statusCode: status, title: title, extensions: extensions);
    }

    /// <summary>400 with the problems by field; the detail names the first field.</summary>
    public static IResult Invalid(Dictionary<string, string[]> errors)
    {
        KeyValuePair<string, string[]> first = errors.First();
        return Results.ValidationProblem(errors, detail: $"{first.Key}: {first.Value[0]}", title: "The job request is not valid");
    }
}
