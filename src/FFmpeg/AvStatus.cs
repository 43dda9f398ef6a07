namespace BsrnVideo.FFmpeg;

/// <summary>The non-error outcomes of FFmpeg's send/receive calls: they steer loops and are never exceptions.</summary>
public enum AvStatus
{
    Ok,
    TryAgain,
    EndOfFile,
}
