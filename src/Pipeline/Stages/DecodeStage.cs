using System.Diagnostics;
using System.Threading.Channels;
using BsrnVideo.Decode;
using BsrnVideo.FFmpeg;

namespace BsrnVideo.Pipeline.Stages;

/// <summary>
/// Decodes video packets into pictures. A packet the decoder rejects is skipped and counted (the output keeps the
/// right timing because every picture keeps its own timestamp), unless the job is strict.
/// </summary>
internal sealed class DecodeStage
{
    private readonly VideoDecoder _decoder;
    private readonly NativeFramePool _frames;
    private readonly PipelineMetrics _metrics;
    private readonly bool _strict;
    private readonly Action<string>? _warn;
    private readonly CancellationToken _stop;
    private long _index;

    /// <param name="stop">Graceful stop: from then on packets are dropped undecoded, so the stage drains at once.</param>
    public DecodeStage(VideoDecoder decoder, NativeFramePool frames, PipelineMetrics metrics, bool strict, Action<string>? warn, CancellationToken stop)
    {
        _stop = stop;
        _decoder = decoder;
        _frames = frames;
        _metrics = metrics;
        _strict = strict;
        _warn = warn;
    }

    public const string Name = "decode";

    /// <summary>Packets the decoder rejected and that were skipped.</summary>
    public long SkippedPackets { get; private set; }

    public async Task RunAsync(ChannelReader<MediaPacket> input, ChannelWriter<NativeFrame> output, CancellationToken cancellationToken)
    {
        Exception? error = null;
        try
        {
            await foreach (MediaPacket packet in input.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                using (packet)
                {
                    if (!_stop.IsCancellationRequested)
                    {
                        await DecodeAsync(packet, output, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            if (!_stop.IsCancellationRequested)
            {
                await DecodeAsync(null, output, cancellationToken).ConfigureAwait(false);
            }
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

    private async Task DecodeAsync(MediaPacket? packet, ChannelWriter<NativeFrame> output, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        while (true)
        {
            AvStatus sent;
            try
            {
                sent = _decoder.Send(packet);
            }
            catch (DecodeException e) when (!_strict && packet is not null)
            {
                Skip(e);
                sent = AvStatus.Ok;
            }

            // Drain every picture the decoder has ready; a TryAgain on send means it was full: send again after.
            while (true)
            {
                NativeFrame frame = _frames.Rent();
                AvStatus received;
                try
                {
                    received = _decoder.Receive(frame);
                }
                catch (DecodeException e) when (!_strict)
                {
                    frame.Dispose();
                    Skip(e);
                    continue;
                }
                catch
                {
                    frame.Dispose();
                    throw;
                }

                if (received != AvStatus.Ok)
                {
                    frame.Dispose();
                    break;
                }

                frame.Index = _index++;
                frame.DecodedAt = Stopwatch.GetTimestamp();
                _metrics.StageCompleted(Name, start);
                try
                {
                    await output.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    frame.Dispose();
                    throw;
                }

                start = Stopwatch.GetTimestamp();
            }

            if (sent != AvStatus.TryAgain)
            {
                return;
            }
        }
    }

    private void Skip(DecodeException e)
    {
        SkippedPackets++;
        _metrics.FrameDropped(Name, "decode_error");
        if (SkippedPackets == 1)
        {
            _warn?.Invoke($"warning: {e.Message}; skipping damaged data (pass --strict to stop instead).");
        }
    }
}
