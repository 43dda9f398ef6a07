using System.Buffers;

namespace BsrnVideo.Infer.Quality;

/// <summary>
/// Peak signal-to-noise ratio in dB on the 0..255 scale, as BasicSR's <c>calculate_psnr</c> computes it
/// (crop <c>border</c> pixels at each side, mean squared error in double precision). Identical inputs give
/// <see cref="double.PositiveInfinity"/>.
/// </summary>
public static class Psnr
{
    /// <summary>PSNR on the BT.601 Y channel (<c>test_y_channel=True</c>): the figure SR papers report.</summary>
    public static double Luma(RgbImageView reference, RgbImageView distorted, int border = 0)
    {
        MetricRegion region = MetricRegion.Crop(reference, distorted, border, minimumSide: 1);
        double[] buffer = ArrayPool<double>.Shared.Rent(region.Width * 2);
        try
        {
            Span<double> a = buffer.AsSpan(0, region.Width);
            Span<double> b = buffer.AsSpan(region.Width, region.Width);
            double sum = 0;
            for (int y = 0; y < region.Height; y++)
            {
                Bt601Luma.ConvertRow(region.Row(reference, y), a);
                Bt601Luma.ConvertRow(region.Row(distorted, y), b);
                for (int x = 0; x < a.Length; x++)
                {
                    double d = a[x] - b[x];
                    sum += d * d;
                }
            }

            return FromMeanSquaredError(sum / ((double)region.Width * region.Height));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>PSNR over all three RGB channels together (one mean squared error over every sample).</summary>
    public static double Rgb(RgbImageView reference, RgbImageView distorted, int border = 0)
    {
        MetricRegion region = MetricRegion.Crop(reference, distorted, border, minimumSide: 1);
        double sum = 0;
        for (int y = 0; y < region.Height; y++)
        {
            ReadOnlySpan<byte> a = region.Row(reference, y);
            ReadOnlySpan<byte> b = region.Row(distorted, y);
            long rowSum = 0;
            for (int i = 0; i < a.Length; i++)
            {
                int d = a[i] - b[i];
                rowSum += d * d;
            }

            sum += rowSum;
        }

        return FromMeanSquaredError(sum / ((double)region.Width * region.Height * 3));
    }

    /// <summary>10 log10(255² / mse); infinity when <paramref name="meanSquaredError"/> is 0.</summary>
    public static double FromMeanSquaredError(double meanSquaredError)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(meanSquaredError);
        return meanSquaredError == 0 ? double.PositiveInfinity : 10.0 * Math.Log10(255.0 * 255.0 / meanSquaredError);
    }
}
