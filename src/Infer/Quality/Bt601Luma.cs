namespace BsrnVideo.Infer.Quality;

/// <summary>
/// Y of BT.601 YCbCr in studio range, as the SR literature measures it (BasicSR's <c>rgb2ycbcr(img, y_only=True)</c>
/// on [0, 1] input, times 255): Y = 16 + (65.481 R + 128.553 G + 24.966 B) / 255 with R, G, B in 0..255.
/// Result in [16, 235], not rounded, in double precision. (BasicSR stores this Y as float32 on the way; the
/// metrics differ from its figures by under 1e-6 dB PSNR and 1e-8 SSIM, see reference_metrics.py.)
/// </summary>
public static class Bt601Luma
{
    private const double RedWeight = 65.481 / 255.0;
    private const double GreenWeight = 128.553 / 255.0;
    private const double BlueWeight = 24.966 / 255.0;

    public static double FromRgb(byte red, byte green, byte blue) =>
        16.0 + (RedWeight * red) + (GreenWeight * green) + (BlueWeight * blue);

    /// <summary>Converts <paramref name="luma"/>.Length pixels of packed RGB into Y values.</summary>
    public static void ConvertRow(ReadOnlySpan<byte> rgb, Span<double> luma)
    {
        if (rgb.Length < luma.Length * 3)
        {
            throw new ArgumentException($"{luma.Length} pixels need {luma.Length * 3} RGB bytes, got {rgb.Length}.", nameof(rgb));
        }

        for (int x = 0; x < luma.Length; x++)
        {
            int i = x * 3;
            luma[x] = FromRgb(rgb[i], rgb[i + 1], rgb[i + 2]);
        }
    }
}
