using System.Threading.Channels;

namespace BsrnVideo.Pipeline;

/// <summary>The channels between stages: bounded, one reader and one writer, and how leftovers are given back.</summary>
internal static class StageChannels
{
    public static Channel<T> Bounded<T>(int capacity) =>
        Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Disposes whatever is still queued (after a failure or a cancellation), returning it to its pool.</summary>
    public static void DrainAndDispose<T>(ChannelReader<T> reader)
        where T : IDisposable
    {
        while (reader.TryRead(out T? item))
        {
            item.Dispose();
        }
    }
}
