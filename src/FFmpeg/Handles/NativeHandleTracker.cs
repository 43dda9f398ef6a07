namespace BsrnVideo.FFmpeg.Handles;

/// <summary>Counts FFmpeg objects alive right now; pipeline tests assert it returns to its start value.</summary>
public static class NativeHandleTracker
{
    private static long s_outstanding;

    public static long Outstanding => Interlocked.Read(ref s_outstanding);

    internal static void Created() => Interlocked.Increment(ref s_outstanding);

    internal static void Released() => Interlocked.Decrement(ref s_outstanding);
}
