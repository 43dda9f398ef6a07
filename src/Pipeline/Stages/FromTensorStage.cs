using System.Diagnostics;
using System.Threading.Channels;
using BsrnVideo.FFmpeg;
using BsrnVideo.Frames;

namespace BsrnVideo.Pipeline.Stages;

/// <summary>Converts upscaled RGB frames into the encoder's pixel format, with the output's colour matrix and range.</summary>
internal sealed class FromTensorStage
{
    private readonly PictureScaler _scaler;
    private readonly NativeFramePool _frames;
    private readonly PipelineMetrics _metrics;

    public FromTensorStage(PictureScaler scaler, NativeFramePool frames, PipelineMetrics metrics)
    {
        _scaler = scaler;
        _frames = frames;
        _metrics = metrics;
    }

    public const string Name = "from_tensor";

    public async Task RunAsync(ChannelReader<RgbFrame> input, ChannelWriter<NativeFrame> output, CancellationToken cancellationToken)
    {
        Exception? error = null;
        try
        {
            await foreach (RgbFrame rgb in input.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                NativeFrame picture;
                using (rgb)
                {
                    long start = Stopwatch.GetTimestamp();
                    picture = _frames.Rent();
                    try
                    {
                        _scaler.Convert(rgb, picture);
                    }
                    catch
                    {
                        picture.Dispose();
                        throw;
                    }

                    picture.Pts = rgb.Pts;
                    picture.Duration = rgb.Duration;
                    picture.Index = rgb.Index;
                    picture.DecodedAt = rgb.DecodedAt;
                    _metrics.StageCompleted(Name, start);
                }

                try
                {
                    await output.WriteAsync(picture, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    picture.Dispose();
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
