using System.Collections.Concurrent;

namespace BsrnVideo.FFmpeg;

/// <summary>
/// Reuses <see cref="NativeFrame"/>s. With <c>keepBuffers</c> a returned frame keeps its picture buffer for the
/// next writer (encoder input); without, its data is unreferenced on return (decoder output, whose buffers belong
/// to the decoder's own pool).
/// </summary>
public sealed class NativeFramePool : IDisposable
{
    private readonly ConcurrentBag<NativeFrame> _free = [];
    private readonly bool _keepBuffers;
    private int _outstanding;
    private bool _disposed;

    public NativeFramePool(bool keepBuffers)
    {
        _keepBuffers = keepBuffers;
    }

    public int Outstanding => Volatile.Read(ref _outstanding);

    public NativeFrame Rent()
    {
        Interlocked.Increment(ref _outstanding);
        return _free.TryTake(out NativeFrame? frame) ? frame : new NativeFrame(this);
    }

    internal bool TryReturn(NativeFrame frame)
    {
        Interlocked.Decrement(ref _outstanding);
        if (!_keepBuffers)
        {
            frame.Unref();
        }

        if (Volatile.Read(ref _disposed))
        {
            return false;
        }

        _free.Add(frame);
        return true;
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        while (_free.TryTake(out NativeFrame? frame))
        {
            frame.Release();
        }
    }
}
