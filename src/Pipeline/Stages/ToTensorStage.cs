using System.Diagnostics;
using System.Threading.Channels;
using BsrnVideo.Decode;
using BsrnVideo.FFmpeg;
using BsrnVideo.Frames;

namespace BsrnVideo.Pipeline.Stages;

/// <summary>Converts decoded pictures into the upscaler's packed RGB frames.</summary>
internal sealed class ToTensorStage
{
    private readonly RgbFrameConverter _converter;
    private readonly FramePool _frames;
    private readonly PipelineMetrics _metrics;

    public ToTensorStage(RgbFrameConverter converter, FramePool frames, PipelineMetrics metrics)
    {
        _converter = converter;
        _frames = frames;
        _metrics = metrics;
    }

    public const string Name = "to_tensor";

    public async Task RunAsync(ChannelReader<NativeFrame> input, ChannelWriter<RgbFrame> output, CancellationToken cancellationToken)
    {
        Exception? error = null;
        try
        {
            await foreach (NativeFrame picture in input.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                RgbFrame rgb;
                using (picture)
                {
                    long start = Stopwatch.GetTimestamp();
                    rgb = _frames.Rent();
                    try
                    {
                        _converter.Convert(picture, rgb);
                    }
                    catch
                    {
                        rgb.Dispose();
                        throw;
                    }

                    _metrics.StageCompleted(Name, start);
                }

                try
                {
                    await output.WriteAsync(rgb, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    rgb.Dispose();
                    throw;
                }
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
}
