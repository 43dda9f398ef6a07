using BsrnVideo.Frames;

namespace BsrnVideo.Infer.Quality;

/// <summary>A read-only view of a packed 8-bit RGB picture (HWC, rows tightly packed, stride = width * 3).</summary>
public readonly ref struct RgbImageView
{
    public RgbImageView(int width, int height, ReadOnlySpan<byte> pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        long expected = (long)width * height * 3;
        if (pixels.Length != expected)
        {
            throw new ArgumentException(
                $"A {width}x{height} RGB image needs {expected} bytes, got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public ReadOnlySpan<byte> Pixels { get; }

    public int Stride => Width * 3;

    public static RgbImageView FromFrame(RgbFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return new RgbImageView(frame.Width, frame.Height, frame.Pixels);
    }

    public ReadOnlySpan<byte> GetRow(int y) => Pixels.Slice(y * Stride, Stride);
}
