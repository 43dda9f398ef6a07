namespace BsrnVideo.Pipeline;

/// <summary>A fault of the pipeline itself (wiring, a stage that stalled), naming the stage.</summary>
public sealed class PipelineException : Exception
{
    public PipelineException()
    {
    }

    public PipelineException(string message)
        : base(message)
    {
    }

    public PipelineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
