namespace BsrnVideo.Infer.Quality;

/// <summary>The part of two same-sized images that a metric compares: everything but <c>border</c> pixels at each side.</summary>
internal readonly record struct MetricRegion(int Left, int Top, int Width, int Height)
{
    public static MetricRegion Crop(RgbImageView reference, RgbImageView distorted, int border, int minimumSide)
    {
        if (reference.Width != distorted.Width || reference.Height != distorted.Height)
        {
            throw new ArgumentException(
                $"Images differ in size: {reference.Width}x{reference.Height} vs {distorted.Width}x{distorted.Height}.",
                nameof(distorted));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(border);
        int width = reference.Width - (2 * border);
        int height = reference.Height - (2 * border);
        if (width < minimumSide || height < minimumSide)
        {
            throw new ArgumentException(
                $"A {reference.Width}x{reference.Height} image with a {border}-pixel border leaves {Math.Max(width, 0)}x{Math.Max(height, 0)}; " +
                $"this metric needs at least {minimumSide}x{minimumSide}.",
                nameof(border));
        }

        return new MetricRegion(border, border, width, height);
    }

    public ReadOnlySpan<byte> Row(RgbImageView image, int y) => image.GetRow(Top + y).Slice(Left * 3, Width * 3);
}
