namespace BsrnVideo.Infer;

/// <summary>The Infer layer's one exception type: its message names the model file, provider and what to try.</summary>
public sealed class InferenceException : Exception
{
    public InferenceException()
    {
    }

    public InferenceException(string message)
        : base(message)
    {
    }

    public InferenceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
