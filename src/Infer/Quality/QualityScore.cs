using System.Globalization;

namespace BsrnVideo.Infer.Quality;

/// <summary>PSNR-Y (dB) and SSIM-Y of a distorted image against its reference, as SR papers tabulate them.</summary>
public readonly record struct QualityScore(double PsnrY, double SsimY)
{
    /// <summary>Both Y-channel metrics with <paramref name="border"/> pixels cropped at each side (papers use the scale).</summary>
    public static QualityScore Measure(RgbImageView reference, RgbImageView distorted, int border) =>
        new(Psnr.Luma(reference, distorted, border), Ssim.Luma(reference, distorted, border));

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"PSNR-Y {PsnrY:F2} dB, SSIM-Y {SsimY:F4}");
}
