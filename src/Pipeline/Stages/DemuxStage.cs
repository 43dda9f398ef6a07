using System.Diagnostics;
using System.Threading.Channels;
using BsrnVideo.Decode;
using BsrnVideo.FFmpeg;

namespace BsrnVideo.Pipeline.Stages;

/// <summary>
/// Reads the input's packets: the chosen video stream's go to the decoder, the copied streams' (audio, subtitles)
/// go straight to the muxer with their output index, everything else is dropped.
/// </summary>
internal sealed class DemuxStage
{
    private readonly MediaInput _input;
    private readonly int _videoStreamIndex;
    private readonly IReadOnlyDictionary<int, int> _copiedStreams;
    private readonly PacketPool _packets;
    private readonly PipelineMetrics _metrics;
    private readonly CancellationToken _stop;

    /// <param name="stop">Graceful stop: reading ends and the stage completes normally, so everything downstream drains.</param>
    public DemuxStage(MediaInput input, int videoStreamIndex, IReadOnlyDictionary<int, int> copiedStreams, PacketPool packets, PipelineMetrics metrics, CancellationToken stop)
    {
        _stop = stop;
        _input = input;
        _videoStreamIndex = videoStreamIndex;
        _copiedStreams = copiedStreams;
        _packets = packets;
        _metrics = metrics;
    }

    public const string Name = "demux";

    public async Task RunAsync(ChannelWriter<MediaPacket> video, ChannelWriter<MediaPacket> passthrough, CancellationToken cancellationToken)
    {
        Exception? error = null;
        await using CancellationTokenRegistration interrupt = cancellationToken.Register(static i => ((MediaInput)i!).Interrupt(), _input);
        await using CancellationTokenRegistration stopRead = _stop.Register(static i => ((MediaInput)i!).Interrupt(), _input);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
                long start = Stopwatch.GetTimestamp();
                MediaPacket packet = _packets.Rent();
                AvStatus status;
                try
                {
                    status = _input.ReadPacket(packet);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    packet.Dispose();
                    break;
                }
                catch (AvException e)
                {
                    packet.Dispose();
                    throw new DecodeException($"{_input.Url}: {e.Message}; the file is damaged or cut short there.", e);
                }
                catch
                {
                    packet.Dispose();
                    throw;
                }

                if (status == AvStatus.EndOfFile)
                {
                    packet.Dispose();
                    break;
                }

                ChannelWriter<MediaPacket>? target = null;
                if (packet.StreamIndex == _videoStreamIndex)
                {
                    target = video;
                    _metrics.StageCompleted(Name, start);
                }
                else if (_copiedStreams.TryGetValue(packet.StreamIndex, out int outputIndex))
                {
                    packet.StreamIndex = outputIndex;
                    target = passthrough;
                }

                if (target is null)
                {
                    packet.Dispose();
                    continue;
                }

                try
                {
                    await target.WriteAsync(packet, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    packet.Dispose();
                    throw;
                }

                // A stop while waiting on a full channel still ends the loop at the top.
            }
        }
        catch (Exception e)
        {
            error = e;
            throw;
        }
        finally
        {
            video.TryComplete(error);
            passthrough.TryComplete(error);
        }
    }
}
