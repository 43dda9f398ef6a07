namespace BsrnVideo.Frames;

/// <summary>
/// Hands out <see cref="RgbFrame"/>s of one size. Buffers are allocated pinned (native code reads and writes them
/// in place) and reused. A pool given its capacity (the most frames its users can hold at once) allocates them all
/// up front, so renting never allocates during a run; without one, or past it, it grows on demand.
/// </summary>
public sealed class FramePool
{
    // A plain locked stack, not a ConcurrentBag: the bag keeps per-thread queues in thread-local slots, which hold
    // a finished job's pinned buffers alive on the pool threads long after the pool itself is gone (the soak test
    // saw the resident set grow by one job's buffers per job).
    private readonly Stack<RgbFrame> _free = new();
    private readonly Lock _gate = new();
    private int _outstanding;
    private int _created;

    /// <param name="capacity">Buffers to allocate now: the pipeline's bound on frames in flight (channel capacities
    /// plus what each stage holds). 0: allocate on demand only.</param>
    public FramePool(int width, int height, int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Width = width;
        Height = height;
        for (int i = 0; i < capacity; i++)
        {
            _free.Push(Create());
        }
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Frames rented and not yet returned. Tests assert this is 0 after a run.</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>Buffers allocated so far: stays flat once the pipeline is warm.</summary>
    public int Created => Volatile.Read(ref _created);

    public RgbFrame Rent()
    {
        RgbFrame? frame;
        lock (_gate)
        {
            _free.TryPop(out frame);
        }

        frame ??= Create();

        frame.Pts = long.MinValue;
        frame.Duration = 0;
        frame.Index = 0;
        frame.DecodedAt = 0;
        frame.MarkRented();
        Interlocked.Increment(ref _outstanding);
        return frame;
    }

    private RgbFrame Create()
    {
        byte[] pixels = GC.AllocateUninitializedArray<byte>(Width * Height * 3, pinned: true);
        Interlocked.Increment(ref _created);
        return new RgbFrame(this, pixels, Width, Height);
    }

    internal void Return(RgbFrame frame)
    {
        Interlocked.Decrement(ref _outstanding);
        lock (_gate)
        {
            _free.Push(frame);
        }
    }
}
