namespace BsrnVideo.FFmpeg;

/// <summary>The FFmpeg libraries are missing or of a version this build does not support.</summary>
public sealed class FFmpegUnavailableException : Exception
{
    public FFmpegUnavailableException()
    {
    }

    public FFmpegUnavailableException(string message)
        : base(message)
    {
    }

    public FFmpegUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
