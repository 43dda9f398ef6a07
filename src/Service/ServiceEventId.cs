namespace BsrnVideo.Service;

/// <summary>Stable event ids of the service's log messages; never reuse a number.</summary>
internal enum ServiceEventId
{
    NoTokenLoopbackOnly = 1,
    JobCreated = 2,
    JobStopped = 3,
    JobFailed = 4,
    JobLog = 5,
    Unauthorized = 6,
    RequestRejected = 7,
    ShuttingDown = 8,
    JobAborted = 9,
    ClientAborted = 10,
}
