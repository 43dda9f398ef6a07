namespace BsrnVideo.Infer;

/// <summary>
/// The one exception type of the inference layer. Messages are written for users: they name the model or
/// checkpoint file, the provider, the batch or tile size where it matters, and what to try.
/// </summary>
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
