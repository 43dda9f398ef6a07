using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using BsrnVideo.Decode;
using BsrnVideo.Encode;
using BsrnVideo.FFmpeg;

namespace BsrnVideo.Pipeline.Stages;

/// <summary>Encodes pictures; at the end of the stream drains the encoder so no frame is left inside it.</summary>
internal sealed class EncodeStage
{
    private const int LatencyRing = 256;
    private const long NoTimestamp = long.MinValue; // AV_NOPTS_VALUE

    private readonly VideoEncoder _encoder;
    private readonly PacketPool _packets;
    private readonly int _outputStreamIndex;
    private readonly PipelineMetrics _metrics;
    private readonly CancellationToken _stop;
    private readonly TimeSpan _stopBudget;
    private readonly bool _strict;
    private readonly Action<string>? _warn;
    private readonly string _source;
    private long _stoppedAt;
    private long _lastPts = NoTimestamp;

    // pts -> decode time of frames inside the encoder, to measure decode-to-packet latency without allocating.
    private readonly long[] _pendingPts = new long[LatencyRing];
    private readonly long[] _pendingDecodedAt = new long[LatencyRing];
    private int _pendingNext;

    /// <param name="stop">Graceful stop: the pictures already made are encoded and the encoder flushed, but only for
    /// <see cref="EncodeStageOptions.StopBudget"/> after the stop; what is still inside the encoder then is dropped (every packet
    /// written so far decodes on its own, so the file stays playable), so a deep look-ahead cannot hold the stop up.</param>
    public EncodeStage(VideoEncoder encoder, PacketPool packets, int outputStreamIndex, PipelineMetrics metrics, EncodeStageOptions options, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(options);
        _strict = options.Strict;
        _warn = options.Warn;
        _source = options.Source;
        _stopBudget = options.StopBudget;
        _stop = stop;
        _encoder = encoder;
        _packets = packets;
        _outputStreamIndex = outputStreamIndex;
        _metrics = metrics;
    }

    public const string Name = "encode";

    /// <summary>Pictures handed to the encoder.</summary>
    public long FramesEncoded { get; private set; }

    /// <summary>Packets (one per picture) the encoder gave back and that went to the muxer.</summary>
    public long PacketsWritten { get; private set; }

    /// <summary>Pictures dropped because damage sent their timestamp backwards (or repeated it).</summary>
    public long FramesOutOfOrder { get; private set; }

    private bool StopBudgetSpent =>
        _stop.IsCancellationRequested && Stopwatch.GetElapsedTime(Interlocked.Read(ref _stoppedAt)) > _stopBudget;

    public async Task RunAsync(ChannelReader<NativeFrame> input, ChannelWriter<MediaPacket> output, CancellationToken cancellationToken)
    {
        Exception? error = null;
        await using CancellationTokenRegistration stopped = _stop.Register(() => Interlocked.Exchange(ref _stoppedAt, Stopwatch.GetTimestamp()));
        try
        {
            await foreach (NativeFrame picture in input.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                using (picture)
                {
                    if (StopBudgetSpent || !HasIncreasingTimestamp(picture))
                    {
                        continue; // keep reading, so upstream never blocks on a full queue; the picture is dropped
                    }

                    long start = Stopwatch.GetTimestamp();
                    _pendingPts[_pendingNext] = picture.Pts;
                    _pendingDecodedAt[_pendingNext] = picture.DecodedAt;
                    _pendingNext = (_pendingNext + 1) % LatencyRing;
                    await EncodeAsync(picture, output, cancellationToken).ConfigureAwait(false);
                    FramesEncoded++;
                    _metrics.StageCompleted(Name, start);
                }
            }

            await EncodeAsync(null, output, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            error = e;
            throw;
        }
        finally
        {
            output.TryComplete(error);
        }
    }

    private async Task EncodeAsync(NativeFrame? picture, ChannelWriter<MediaPacket> output, CancellationToken cancellationToken)
    {
        while (true)
        {
            AvStatus sent = _encoder.Send(picture);
            while (true)
            {
                MediaPacket packet = _packets.Rent();
                if (_encoder.Receive(packet) != AvStatus.Ok)
                {
                    packet.Dispose();
                    break;
                }

                packet.StreamIndex = _outputStreamIndex;
                RecordLatency(packet.Pts);
                try
                {
                    await output.WriteAsync(packet, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    packet.Dispose();
                    throw;
                }

                PacketsWritten++;
                if (picture is null && StopBudgetSpent)
                {
                    return; // flushing after a stop took too long: the rest stays in the encoder
                }
            }

            if (sent != AvStatus.TryAgain)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The encoder and the muxer need strictly increasing timestamps; a damaged stream can decode to pictures whose
    /// timestamps repeat or go back. Those are dropped (counted, warned once; --strict stops) and the others keep
    /// their own time, so the output's timing stays right. A picture without a timestamp gets the next tick.
    /// </summary>
    private bool HasIncreasingTimestamp(NativeFrame picture)
    {
        if (picture.Pts == NoTimestamp)
        {
            picture.Pts = _lastPts == NoTimestamp ? 0 : _lastPts + 1;
        }
        else if (_lastPts != NoTimestamp && picture.Pts <= _lastPts)
        {
            string what = string.Create(CultureInfo.InvariantCulture, $"{_source}: decoded picture {picture.Index} has timestamp {picture.Pts}, not after {_lastPts}");
            if (_strict)
            {
                throw new DecodeException($"{what}: the stream is damaged; stopped there because of --strict (leave it out to skip damaged data and go on).");
            }

            if (++FramesOutOfOrder == 1)
            {
                _warn?.Invoke($"warning: {what}; skipping pictures whose timestamps go backwards (pass --strict to stop instead).");
            }

            _metrics.FrameDropped(Name, "timestamp");
            return false;
        }

        _lastPts = picture.Pts;
        return true;
    }

    private void RecordLatency(long pts)
    {
        for (int i = 0; i < LatencyRing; i++)
        {
            if (_pendingPts[i] == pts && _pendingDecodedAt[i] != 0)
            {
                _metrics.FrameEncoded(_pendingDecodedAt[i]);
                _pendingDecodedAt[i] = 0;
                return;
            }
        }
    }
}
