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
    private readonly IReadOnlyDictionary<int, AudioTranscoder> _transcoders;
    private readonly MediaPacket _scratch;
    private readonly Dictionary<int, Action<MediaPacket>> _emitters = [];

    /// <param name="transcoders">Audio streams re-encoded to AAC, by output stream index; the rest are copied.</param>
    public MuxStage(PacketMuxer muxer, PipelineMetrics metrics, IReadOnlyDictionary<int, AudioTranscoder> transcoders, PacketPool packets)
    {
        _muxer = muxer;
        _metrics = metrics;
        _transcoders = transcoders;
        _scratch = packets.Rent();
        foreach (int index in transcoders.Keys)
        {
            _emitters[index] = packet =>
            {
                packet.StreamIndex = index;
                _muxer.Write(packet);
            };
        }
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
                        WriteCopied(copied);
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
                WriteCopied(copied);
            }
        }

        foreach ((int index, AudioTranscoder transcoder) in _transcoders)
        {
            transcoder.Transcode(null, _scratch, _emitters[index]);
        }

        _scratch.Dispose();
        _muxer.WriteTrailer();
    }

    private void WriteCopied(MediaPacket packet)
    {
        if (_transcoders.TryGetValue(packet.StreamIndex, out AudioTranscoder? transcoder))
        {
            transcoder.Transcode(packet, _scratch, _emitters[packet.StreamIndex]);
        }
        else
        {
            _muxer.Write(packet);
        }
    }
}
