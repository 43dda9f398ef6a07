using Microsoft.Extensions.Logging;

namespace BsrnVideo.Service;

internal static partial class ServiceLog
{
    [LoggerMessage(EventId = (int)ServiceEventId.NoTokenLoopbackOnly, Level = LogLevel.Warning,
        Message = "No API token is configured ({Variable} or BsrnVideo:ApiToken): the jobs API is open, so the service listens on loopback only: {Urls}")]
    public static partial void NoTokenLoopbackOnly(ILogger logger, string variable, string urls);

    [LoggerMessage(EventId = (int)ServiceEventId.JobCreated, Level = LogLevel.Information, Message = "Job {Job} created: {Input} -> {Output} ({Model})")]
    public static partial void JobCreated(ILogger logger, string job, string input, string output, string model);

    [LoggerMessage(EventId = (int)ServiceEventId.JobStopped, Level = LogLevel.Information, Message = "Job {Job} ended {State}: {FramesOut} frames out, {FramesDropped} dropped")]
    public static partial void JobStopped(ILogger logger, string job, string state, long framesOut, long framesDropped);

    [LoggerMessage(EventId = (int)ServiceEventId.JobFailed, Level = LogLevel.Error, Message = "Job {Job} failed: {Message}")]
    public static partial void JobFailed(ILogger logger, string job, string message);

    [LoggerMessage(EventId = (int)ServiceEventId.JobLog, Level = LogLevel.Information, Message = "Job {Job}: {Message}")]
    public static partial void JobLog(ILogger logger, string job, string message);

    [LoggerMessage(EventId = (int)ServiceEventId.Unauthorized, Level = LogLevel.Information, Message = "Refused {Method} {Path}: {Reason}")]
    public static partial void Unauthorized(ILogger logger, string method, string path, string reason);

    [LoggerMessage(EventId = (int)ServiceEventId.RequestRejected, Level = LogLevel.Information, Message = "Rejected a job request ({Status}): {Detail}")]
    public static partial void RequestRejected(ILogger logger, int status, string detail);

    [LoggerMessage(EventId = (int)ServiceEventId.ShuttingDown, Level = LogLevel.Information, Message = "Shutting down: stopping {Count} job(s) and finalising their outputs")]
    public static partial void ShuttingDown(ILogger logger, int count);

    [LoggerMessage(EventId = (int)ServiceEventId.JobAborted, Level = LogLevel.Warning, Message = "Job {Job} did not drain within {Timeout}; aborted")]
    public static partial void JobAborted(ILogger logger, string job, TimeSpan timeout);

    [LoggerMessage(EventId = (int)ServiceEventId.ClientAborted, Level = LogLevel.Information, Message = "Client went away during {Method} {Path}")]
    public static partial void ClientAborted(ILogger logger, string method, string path);
}
