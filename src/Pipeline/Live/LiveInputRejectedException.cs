namespace BsrnVideo.Pipeline.Live;

/// <summary>
/// A live input opened but breaks a limit (size, no video, a size change on reconnect): reconnecting will not help,
/// so the job fails with this message.
/// </summary>
public sealed class LiveInputRejectedException : Exception
{
    public LiveInputRejectedException()
    {
    }

    public LiveInputRejectedException(string message)
        : base(message)
    {
    }

    public LiveInputRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
