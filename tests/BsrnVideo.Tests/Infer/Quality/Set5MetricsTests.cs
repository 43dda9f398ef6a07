using BsrnVideo.Infer.Quality;
using BsrnVideo.Tests.TestUtilities;
using Xunit;

namespace BsrnVideo.Tests.Infer.Quality;

/// <summary>Metrics on real pictures: Set5 HR against a nearest-neighbour x4 enlargement of its LRbicx4 image.</summary>
public sealed class Set5MetricsTests
{
    // Expected values: reference_metrics.py in this folder (PNG decoded by the ffmpeg CLI to rgb24, numpy
    // re-implementation of BasicSR's calculate_psnr/calculate_ssim, test_y_channel=True, border 4, double-precision Y).
    [Theory]
    [InlineData("baby", 29.19440581815547, 0.7988790196742204, 27.804123330462197)]
    [InlineData("bird", 27.50007956774274, 0.7822988482505503, 25.374814898637062)]
    [InlineData("butterfly", 20.02803986109367, 0.6435576196531243, 18.86102338103814)]
    [InlineData("head", 30.26782848745325, 0.711336966371072, 27.769881750372008)]
    [InlineData("woman", 24.301088519143967, 0.7540227473093114, 22.972393394858585)]
    public void Measure_HrAgainstNearestX4OfLr_MatchesNumpyReference(string image, double psnrY, double ssimY, double psnrRgb)
    {
        RgbImageFile hr = RgbImageFile.Load(Path.Combine(SharedAssets.Set5Dir, "HR", image + ".png"));
        RgbImageFile lr = RgbImageFile.Load(Path.Combine(SharedAssets.Set5Dir, "LRbicx4", image + ".png"));
        byte[] upscaled = SyntheticImages.NearestUpscale(lr.Pixels, lr.Width, lr.Height, 4);
        var reference = new RgbImageView(hr.Width, hr.Height, hr.Pixels);
        var distorted = new RgbImageView(lr.Width * 4, lr.Height * 4, upscaled);

        QualityScore score = QualityScore.Measure(reference, distorted, border: 4);

        Assert.Equal(psnrY, score.PsnrY, 1e-8);
        Assert.Equal(ssimY, score.SsimY, 1e-9);
        Assert.Equal(psnrRgb, Psnr.Rgb(reference, distorted, border: 4), 1e-8);
    }
}
