using System.Diagnostics;
using System.Threading.Channels;
using BsrnVideo.Decode;
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
    private readonly IReadOnlyDictionary<int, string> _copiedStreams;
    private readonly bool _strict;
    private readonly Action<string>? _warn;
    private readonly IReadOnlyDictionary<int, AudioTranscoder> _transcoders;
    private readonly MediaPacket _scratch;
    private readonly Dictionary<int, Action<MediaPacket>> _emitters = [];

    /// <param name="copiedStreams">Output index of each copied stream -> the input stream it comes from, for messages.</param>
    /// <param name="strict">Stop at a copied packet the muxer refuses instead of skipping it.</param>
    /// <param name="transcoders">Audio streams re-encoded to AAC, by output stream index; the rest are copied.</param>
    public MuxStage(
        PacketMuxer muxer,
        PipelineMetrics metrics,
        IReadOnlyDictionary<int, string> copiedStreams,
        bool strict,
        Action<string>? warn,
        IReadOnlyDictionary<int, AudioTranscoder> transcoders,
        PacketPool packets)
    {
        _muxer = muxer;
        _metrics = metrics;
        _copiedStreams = copiedStreams;
        _strict = strict;
        _warn = warn;
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

    /// <summary>Copied (audio, subtitle) packets the muxer refused as damaged, and that were skipped.</summary>
    public long SkippedPackets { get; private set; }

    public async Task RunAsync(ChannelReader<MediaPacket> video, ChannelReader<MediaPacket> passthrough, CancellationToken cancellationToken)
    {
        using MediaPacket scratch = _scratch; // freed on every ending, not only after the trailer
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
                try
                {
                    _muxer.Write(packet);
                }
                catch (EncodeException e) when (IsDamage(e) && _copiedStreams.Count > 0)
                {
                    throw MaybeCopiedDamage(e);
                }

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

        try
        {
            _muxer.WriteTrailer();
        }
        catch (EncodeException e) when (IsDamage(e) && _copiedStreams.Count > 0)
        {
            throw MaybeCopiedDamage(e);
        }
    }

    private static bool IsDamage(EncodeException e) => e.InnerException is AvException { IsInvalidData: true } or AvException { IsInvalidArgument: true };

    /// <summary>
    /// FFmpeg's interleaver writes queued copied packets while it is handed a video packet (or the trailer), so their
    /// failure surfaces there, and our own encoded video is the less likely culprit: say so.
    /// </summary>
    private static EncodeException MaybeCopiedDamage(EncodeException e) =>
        new($"{e.Message} (a copied audio or subtitle stream of the input may be damaged: try --no-audio --no-subs)", e);

    /// <summary>
    /// A damaged audio or subtitle packet is copied as it is, so the muxer (or the bitstream filter it inserts, like
    /// aac_adtstoasc) may refuse it, or its timestamps may go backwards. That is the input's damage, not the output's:
    /// skip it like a damaged video packet (counted, warned once), or with --strict stop naming the input.
    /// </summary>
    private void WriteCopied(MediaPacket packet)
    {
        int stream = packet.StreamIndex;
        if (_transcoders.TryGetValue(stream, out AudioTranscoder? transcoder))
        {
            transcoder.Transcode(packet, _scratch, _emitters[stream]); // skips packets its decoder rejects
            return;
        }

        try
        {
            _muxer.Write(packet);
        }
        catch (EncodeException e) when (IsDamage(e))
        {
            string what = $"{_copiedStreams.GetValueOrDefault(stream, "a copied stream")}: a damaged packet cannot be copied ({((AvException)e.InnerException!).FFmpegMessage})";
            if (_strict)
            {
                throw new DecodeException($"{what}; stopped there because of --strict (leave it out to skip damaged data and go on, or pass --no-audio/--no-subs).", e);
            }

            if (++SkippedPackets == 1)
            {
                _warn?.Invoke($"warning: {what}; skipping damaged packets (pass --strict to stop instead).");
            }

            _metrics.FrameDropped(Name, "copy_error");
        }
    }
}
