namespace BsrnVideo.Decode;

/// <summary>The input could not be opened, demuxed or decoded. The message names the file, the stream and FFmpeg's reason.</summary>
public sealed class DecodeException : Exception
{
    public DecodeException()
    {
    }

    public DecodeException(string message)
        : base(message)
    {
    }

    public DecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
