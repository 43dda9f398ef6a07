using BsrnVideo.FFmpeg;
using BsrnVideo.Frames;

namespace BsrnVideo.Infer;

/// <summary>
/// Bicubic interpolation through swscale: no model, works everywhere, and is the quality floor a model must beat
/// (<c>--model bicubic</c>).
/// </summary>
public sealed class BicubicUpscaler : IUpscaler
{
    private PictureScaler? _scaler;
    private (int Width, int Height) _size;

    public BicubicUpscaler(int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        Scale = scale;
    }

    public string Name => $"bicubic-x{Scale}";

    public string Provider => "swscale";

    public int Scale { get; }

    public void Upscale(ReadOnlySpan<RgbFrame> inputs, ReadOnlySpan<RgbFrame> outputs, CancellationToken cancellationToken)
    {
        if (inputs.Length != outputs.Length)
        {
            throw new ArgumentException("Each input needs one output.", nameof(outputs));
        }

        for (int i = 0; i < inputs.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RgbFrame input = inputs[i];
            if (_scaler is null || _size != (input.Width, input.Height))
            {
                _scaler?.Dispose();
                _scaler = PictureScaler.BicubicRgb(input.Width, input.Height, input.Width * Scale, input.Height * Scale);
                _size = (input.Width, input.Height);
            }

            _scaler.Convert(input, outputs[i]);
            outputs[i].CopyTimingFrom(input);
        }
    }

    public void Dispose() => _scaler?.Dispose();
}
