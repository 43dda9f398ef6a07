using System.Collections.Concurrent;

namespace BsrnVideo.Frames;

/// <summary>
/// Hands out <see cref="RgbFrame"/>s of one size. Buffers are allocated pinned (native code reads and writes them
/// in place) and reused, so after warm-up renting a frame allocates nothing.
/// </summary>
public sealed class FramePool
{
    private readonly ConcurrentBag<RgbFrame> _free = [];
    private int _outstanding;
    private int _created;

    public FramePool(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Frames rented and not yet returned. Tests assert this is 0 after a run.</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>Buffers allocated so far: stays flat once the pipeline is warm.</summary>
    public int Created => Volatile.Read(ref _created);

    public RgbFrame Rent()
    {
        if (!_free.TryTake(out RgbFrame? frame))
        {
            byte[] pixels = GC.AllocateUninitializedArray<byte>(Width * Height * 3, pinned: true);
            frame = new RgbFrame(this, pixels, Width, Height);
            Interlocked.Increment(ref _created);
        }

        frame.Pts = long.MinValue;
        frame.Duration = 0;
        frame.Index = 0;
        frame.DecodedAt = 0;
        frame.MarkRented();
        Interlocked.Increment(ref _outstanding);
        return frame;
    }

    internal void Return(RgbFrame frame)
    {
        Interlocked.Decrement(ref _outstanding);
        _free.Add(frame);
    }
}
