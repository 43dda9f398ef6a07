namespace BsrnVideo.FFmpeg;

/// <summary>
/// A negative FFmpeg return code, with <c>av_strerror</c>'s text and what was being done. Decode and Encode wrap it
/// into their own exception with the file and stream it concerns.
/// </summary>
public sealed class AvException : Exception
{
    public AvException()
    {
    }

    public AvException(string message)
        : base(message)
    {
    }

    public AvException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal AvException(int errorCode, string operation, string ffmpegMessage)
        : base($"{operation} failed: {ffmpegMessage}")
    {
        ErrorCode = errorCode;
        Operation = operation;
        FFmpegMessage = ffmpegMessage;
    }

    /// <summary>FFmpeg's negative AVERROR value.</summary>
    public int ErrorCode { get; }

    public string Operation { get; } = string.Empty;

    /// <summary>AVERROR_INVALIDDATA: the bytes are not what the format (or any format) expects.</summary>
    public bool IsInvalidData => ErrorCode == Native.AvConstants.AVERROR_INVALIDDATA;

    /// <summary>AVERROR_EOF where data was expected (a file too short to hold what its header promises).</summary>
    public bool IsEndOfFile => ErrorCode == Native.AvConstants.AVERROR_EOF;

    /// <summary>AVERROR(EINVAL): e.g. a muxer refusing a packet whose timestamps go backwards.</summary>
    public bool IsInvalidArgument => ErrorCode == Native.AvConstants.AVERROR_EINVAL;

    /// <summary>What FFmpeg said (<c>av_strerror</c>).</summary>
    public string FFmpegMessage { get; } = string.Empty;
}
