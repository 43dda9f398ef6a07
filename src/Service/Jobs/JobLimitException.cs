namespace BsrnVideo.Service.Jobs;

/// <summary>The service already runs as many jobs as it may (answered with 429).</summary>
public sealed class JobLimitException : Exception
{
    public JobLimitException()
    {
    }

    public JobLimitException(string message)
        : base(message)
    {
    }

    public JobLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
