using System.Collections.Concurrent;

namespace BsrnVideo.FFmpeg;

/// <summary>
/// Reuses <see cref="MediaPacket"/> shells (the AVPacket structs; the data buffers are FFmpeg's own refcounted
/// buffers). Bounded so a burst does not keep native memory forever; disposing frees what it holds.
/// </summary>
public sealed class PacketPool : IDisposable
{
    private readonly ConcurrentBag<MediaPacket> _free = [];
    private readonly int _capacity;
    private bool _disposed;

    public PacketPool(int capacity = 256)
    {
        _capacity = capacity;
    }

    public MediaPacket Rent() => _free.TryTake(out MediaPacket? packet) ? packet : new MediaPacket(this);

    internal bool TryReturn(MediaPacket packet)
    {
        if (Volatile.Read(ref _disposed) || _free.Count >= _capacity)
        {
            return false;
        }

        _free.Add(packet);
        return true;
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        while (_free.TryTake(out MediaPacket? packet))
        {
            packet.Release();
        }
    }
}
