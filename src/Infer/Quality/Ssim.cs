using System.Buffers;

namespace BsrnVideo.Infer.Quality;

/// <summary>
/// Structural similarity as BasicSR's <c>calculate_ssim</c> computes it: crop <c>border</c> pixels at each side,
/// filter with the 11x11 Gaussian window (sigma 1.5) keeping only the 'valid' part (<c>filter2D(...)[5:-5, 5:-5]</c>),
/// C1 = (0.01·255)², C2 = (0.03·255)², and return the mean of the SSIM map. Double precision throughout.
/// </summary>
/// <remarks>
/// Works row by row: each cropped row is converted, filtered horizontally into a ring of the last 11 rows of the
/// five local sums (x, y, x², y², xy), and every full ring yields one row of the map. Memory is O(width).
/// </remarks>
public static class Ssim
{
    private const double C1 = 0.01 * 255 * 0.01 * 255;
    private const double C2 = 0.03 * 255 * 0.03 * 255;
    private const int Quantities = 5;

    /// <summary>SSIM on the BT.601 Y channel (<c>test_y_channel=True</c>): the figure SR papers report.</summary>
    public static double Luma(RgbImageView reference, RgbImageView distorted, int border = 0)
    {
        MetricRegion region = MetricRegion.Crop(reference, distorted, border, minimumSide: GaussianWindow.Size);
        int outWidth = region.Width - (GaussianWindow.Size - 1);
        int outHeight = region.Height - (GaussianWindow.Size - 1);
        int ringLength = GaussianWindow.Size * Quantities * outWidth;
        double[] buffer = ArrayPool<double>.Shared.Rent((region.Width * 2) + ringLength);
        try
        {
            Span<double> a = buffer.AsSpan(0, region.Width);
            Span<double> b = buffer.AsSpan(region.Width, region.Width);
            Span<double> ring = buffer.AsSpan(region.Width * 2, ringLength);
            ReadOnlySpan<double> taps = GaussianWindow.Taps;
            double sum = 0;
            for (int y = 0; y < region.Height; y++)
            {
                Bt601Luma.ConvertRow(region.Row(reference, y), a);
                Bt601Luma.ConvertRow(region.Row(distorted, y), b);
                FilterRow(a, b, taps, RingRow(ring, y % GaussianWindow.Size, outWidth));
                if (y >= GaussianWindow.Size - 1)
                {
                    sum += MapRowSum(ring, y - (GaussianWindow.Size - 1), outWidth, taps);
                }
            }

            return sum / ((double)outWidth * outHeight);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    private static Span<double> RingRow(Span<double> ring, int slot, int outWidth) =>
        ring.Slice(slot * Quantities * outWidth, Quantities * outWidth);

    /// <summary>Horizontal pass: the five windowed sums for each 'valid' column, stored quantity-major.</summary>
    private static void FilterRow(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> taps, Span<double> row)
    {
        int outWidth = row.Length / Quantities;
        Span<double> sumA = row[..outWidth];
        Span<double> sumB = row.Slice(outWidth, outWidth);
        Span<double> sumAA = row.Slice(2 * outWidth, outWidth);
        Span<double> sumBB = row.Slice(3 * outWidth, outWidth);
        Span<double> sumAB = row.Slice(4 * outWidth, outWidth);
        for (int x = 0; x < outWidth; x++)
        {
            double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
            for (int k = 0; k < taps.Length; k++)
            {
                double w = taps[k];
                double va = a[x + k];
                double vb = b[x + k];
                sa += w * va;
                sb += w * vb;
                saa += w * va * va;
                sbb += w * vb * vb;
                sab += w * va * vb;
            }

            sumA[x] = sa;
            sumB[x] = sb;
            sumAA[x] = saa;
            sumBB[x] = sbb;
            sumAB[x] = sab;
        }
    }

    /// <summary>Vertical pass over the ring for map row <paramref name="outY"/>, returning the sum of that SSIM row.</summary>
    private static double MapRowSum(ReadOnlySpan<double> ring, int outY, int outWidth, ReadOnlySpan<double> taps)
    {
        int rowLength = Quantities * outWidth;
        double rowSum = 0;
        for (int x = 0; x < outWidth; x++)
        {
            double muA = 0, muB = 0, eAA = 0, eBB = 0, eAB = 0;
            for (int k = 0; k < taps.Length; k++)
            {
                double w = taps[k];
                int offset = (((outY + k) % GaussianWindow.Size) * rowLength) + x;
                muA += w * ring[offset];
                muB += w * ring[offset + outWidth];
                eAA += w * ring[offset + (2 * outWidth)];
                eBB += w * ring[offset + (3 * outWidth)];
                eAB += w * ring[offset + (4 * outWidth)];
            }

            double muAA = muA * muA;
            double muBB = muB * muB;
            double muAB = muA * muB;
            double sigmaAA = eAA - muAA;
            double sigmaBB = eBB - muBB;
            double sigmaAB = eAB - muAB;
            rowSum += ((2 * muAB) + C1) * ((2 * sigmaAB) + C2) / ((muAA + muBB + C1) * (sigmaAA + sigmaBB + C2));
        }

        return rowSum;
    }
}
