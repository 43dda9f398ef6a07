namespace BsrnVideo.Encode;

/// <summary>The output could not be encoded or written. The message names the output file, the codec and FFmpeg's reason.</summary>
public sealed class EncodeException : Exception
{
    public EncodeException()
    {
    }

    public EncodeException(string message)
        : base(message)
    {
    }

    public EncodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
