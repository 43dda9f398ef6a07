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
    // A decoder that reports an error on every receive without ever producing a picture is broken, not damaged.
    private const int MaxFailuresInARow = 64;

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
        int failures = 0;
        while (true)
        {
            AvStatus sent;
            try
            {
                sent = _decoder.Send(packet);
            }
            catch (DecodeException e) when (!_strict)
            {
                // Also on the final flush: frame threads report an earlier packet's damage there.
                Skip(e);
                sent = AvStatus.Ok;
            }
            catch (DecodeException e)
            {
                throw Strict(e);
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
                catch (DecodeException e) when (!_strict && ++failures <= MaxFailuresInARow)
                {
                    frame.Dispose();
                    Skip(e);
                    continue;
                }
                catch (DecodeException e)
                {
                    frame.Dispose();
                    throw _strict ? Strict(e) : e;
                }
                catch
                {
                    frame.Dispose();
                    throw;
                }

                failures = 0;

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

    private static DecodeException Strict(DecodeException e) =>
        new($"{e.Message}; stopped there because of --strict (leave it out to skip damaged data and go on).", e);

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
