using BsrnVideo.FFmpeg;
using BsrnVideo.Frames;

namespace BsrnVideo.Decode;

/// <summary>
/// Converts decoded pictures into the upscalers' packed RGB, honouring the stream's colour matrix and range. Keeps
/// one swscale context and rebuilds it only when the pictures' format or size changes mid-stream.
/// </summary>
public sealed class RgbFrameConverter : IDisposable
{
    private readonly ColorTags _streamColor;
    private PictureScaler? _scaler;

    public RgbFrameConverter(ColorTags streamColor)
    {
        _streamColor = streamColor;
    }

    public void Convert(NativeFrame source, RgbFrame destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (_scaler is null || !_scaler.Fits(source))
        {
            _scaler?.Dispose();
            _scaler = PictureScaler.ToRgb(source, _streamColor, destination.Width, destination.Height);
        }

        _scaler.Convert(source, destination);
        destination.Pts = source.Pts;
        destination.Duration = source.Duration;
        destination.Index = source.Index;
        destination.DecodedAt = source.DecodedAt;
    }

    public void Dispose() => _scaler?.Dispose();
}
