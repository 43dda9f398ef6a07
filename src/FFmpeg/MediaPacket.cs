using BsrnVideo.FFmpeg.Handles;
using BsrnVideo.FFmpeg.Native;

namespace BsrnVideo.FFmpeg;

/// <summary>
/// One compressed packet (an owned, reference-counted <c>AVPacket</c>). Dispose hands it back to its
/// <see cref="PacketPool"/> with its data unreferenced, so steady-state demuxing allocates nothing.
/// </summary>
public sealed unsafe class MediaPacket : IDisposable
{
    private readonly AvPacketHandle _handle;
    private readonly PacketPool? _pool;

    internal MediaPacket(PacketPool? pool)
    {
        LibAvLoader.EnsureCompatible();
        _pool = pool;
        _handle = new AvPacketHandle(LibAvCodec.av_packet_alloc());
        if (_handle.IsInvalid)
        {
            AvResult.Throw(AvConstants.AVERROR_ENOMEM, "av_packet_alloc");
        }
    }

    public int StreamIndex
    {
        get => Pointer->stream_index;
        set => Pointer->stream_index = value;
    }

    public long Pts => Pointer->pts;

    public long Dts => Pointer->dts;

    public long Duration => Pointer->duration;

    public int Size => Pointer->size;

    public bool IsKeyFrame => (Pointer->flags & AvConstants.AV_PKT_FLAG_KEY) != 0;

    /// <summary>Moves pts and dts by <paramref name="delta"/> (live streams re-based after a reconnect); unknown timestamps stay unknown.</summary>
    public void ShiftTimestamps(long delta)
    {
        AVPacket* p = Pointer;
        if (p->pts != AvConstants.AV_NOPTS_VALUE)
        {
            p->pts += delta;
        }

        if (p->dts != AvConstants.AV_NOPTS_VALUE)
        {
            p->dts += delta;
        }
    }

    /// <summary>The packet's bytes; valid until the packet is disposed.</summary>
    public ReadOnlySpan<byte> Data => Pointer->data is null ? default : new ReadOnlySpan<byte>(Pointer->data, Pointer->size);

    internal AVPacket* Pointer => _handle.Pointer;

    /// <summary>Drops the packet's data (keeps the struct for reuse).</summary>
    internal void Unref() => LibAvCodec.av_packet_unref(Pointer);

    /// <summary>Frees the native packet for good (pool shutdown).</summary>
    internal void Release() => _handle.Dispose();

    public void Dispose()
    {
        if (_handle.IsClosed)
        {
            return;
        }

        Unref();
        if (_pool is null || !_pool.TryReturn(this))
        {
            _handle.Dispose();
        }
    }
}
