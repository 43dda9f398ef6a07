using System.Diagnostics;
using System.Threading.Channels;
using BsrnVideo.Encode;
using BsrnVideo.FFmpeg;

namespace BsrnVideo.Pipeline.Stages;

/// <summary>
/// Writes encoded video packets and the copied streams' packets into the container (FFmpeg's interleaver orders
/// them by time), then the trailer. The trailer is written only when every upstream stage finished cleanly.
/// </summary>
internal sealed class MuxStage
{
    private readonly PacketMuxer _muxer;
    private readonly PipelineMetrics _metrics;

    public MuxStage(PacketMuxer muxer, PipelineMetrics metrics)
    {
        _muxer = muxer;
        _metrics = metrics;
    }

    public const string Name = "mux";

    public long VideoPackets { get; private set; }

    public async Task RunAsync(ChannelReader<MediaPacket> video, ChannelReader<MediaPacket> passthrough, CancellationToken cancellationToken)
    {
        await foreach (MediaPacket packet in video.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            using (packet)
            {
                // Audio runs ahead of video by the pipeline's depth: hand FFmpeg what has arrived, it interleaves.
                while (passthrough.TryRead(out MediaPacket? copied))
                {
                    using (copied)
                    {
                        _muxer.Write(copied);
                    }
                }

                long start = Stopwatch.GetTimestamp();
                _muxer.Write(packet);
                VideoPackets++;
                _metrics.StageCompleted(Name, start);
            }
        }

        await foreach (MediaPacket copied in passthrough.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            using (copied)
            {
                _muxer.Write(copied);
            }
        }

        _muxer.WriteTrailer();
    }
}
