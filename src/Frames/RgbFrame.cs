namespace BsrnVideo.Frames;

/// <summary>
/// One picture as packed 8-bit RGB (HWC, stride = width * 3): the layout the upscalers read and write.
/// The pixel buffer is pinned and pooled; <see cref="Dispose"/> hands it back to its <see cref="FramePool"/>.
/// </summary>
public sealed class RgbFrame : IDisposable
{
    private readonly FramePool _pool;
    private readonly byte[] _pixels;
    private int _rented;

    internal RgbFrame(FramePool pool, byte[] pixels, int width, int height)
    {
        _pool = pool;
        _pixels = pixels;
        Width = width;
        Height = height;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Bytes per row; rows are tightly packed.</summary>
    public int Stride => Width * 3;

    public int ByteLength => Width * Height * 3;

    /// <summary>Presentation timestamp in the source stream's time base (<see cref="long.MinValue"/> when unknown).</summary>
    public long Pts { get; set; }

    /// <summary>Duration in the source stream's time base, 0 when unknown.</summary>
    public long Duration { get; set; }

    /// <summary>Position of the frame in decode output order, from 0.</summary>
    public long Index { get; set; }

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp taken when the frame left the decoder (for end-to-end latency).</summary>
    public long DecodedAt { get; set; }

    public Span<byte> Pixels => _pixels.AsSpan(0, ByteLength);

    public Memory<byte> Memory => _pixels.AsMemory(0, ByteLength);

    public Span<byte> GetRow(int y) => _pixels.AsSpan(y * Stride, Stride);

    /// <summary>Copies timing fields from <paramref name="source"/> (used when a frame is upscaled into another).</summary>
    public void CopyTimingFrom(RgbFrame source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Pts = source.Pts;
        Duration = source.Duration;
        Index = source.Index;
        DecodedAt = source.DecodedAt;
    }

    internal void MarkRented() => Volatile.Write(ref _rented, 1);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _rented, 0) == 1)
        {
            _pool.Return(this);
        }
    }
}
