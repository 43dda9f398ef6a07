namespace BsrnVideo.Tests.Infer.Quality;

/// <summary>
/// The image pairs whose metrics reference_metrics.py computed (numpy re-implementation of BasicSR's
/// calculate_psnr/calculate_ssim, test_y_channel=True, double-precision Y).
/// </summary>
internal static class ReferenceCase
{
    public static (int Width, int Height, byte[] Reference, byte[] Distorted) Create(string name) => name switch
    {
        "textured-48x40" => (48, 40, SyntheticImages.Textured(48, 40), SyntheticImages.TexturedPerturbed(48, 40)),
        "smooth-vs-textured-64x32" => (64, 32, SyntheticImages.Smooth(64, 32), SyntheticImages.TexturedPerturbed(64, 32)),
        "smooth-rolled-64x32" => (64, 32, SyntheticImages.Smooth(64, 32), SyntheticImages.RollRight(SyntheticImages.Smooth(64, 32), 64, 32)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown reference case."),
    };
}
