using BsrnVideo.Infer.Quality;
using Xunit;

namespace BsrnVideo.Tests.Infer.Quality;

public sealed class SsimTests
{
    // Expected values: reference_metrics.py in this folder (numpy, BasicSR's _ssim with 'valid' 11x11 Gaussian
    // filtering, double-precision Y). BasicSR's own float32 Y path agrees with them to within 1e-8.
    private const double Tolerance = 1e-10;

    [Fact]
    public void Luma_IdenticalImages_IsOne()
    {
        byte[] image = SyntheticImages.Textured(40, 30);

        Assert.Equal(1.0, Ssim.Luma(new RgbImageView(40, 30, image), new RgbImageView(40, 30, image), border: 2), 1e-12);
    }

    [Theory]
    [InlineData("textured-48x40", 0, 0.9992613163678271)]
    [InlineData("textured-48x40", 4, 0.9992710681699047)]
    [InlineData("smooth-vs-textured-64x32", 2, 0.03135736193017211)]
    [InlineData("smooth-rolled-64x32", 0, 0.9990697237819003)]
    public void Luma_SyntheticPair_MatchesNumpyReference(string name, int border, double expected)
    {
        (int width, int height, byte[] reference, byte[] distorted) = ReferenceCase.Create(name);

        double ssim = Ssim.Luma(new RgbImageView(width, height, reference), new RgbImageView(width, height, distorted), border);

        Assert.Equal(expected, ssim, Tolerance);
    }

    [Fact]
    public void Luma_SmallestValidRegion_GivesOneMapValue()
    {
        // 15x15 with border 2 leaves 11x11: exactly one window, so the map has one value, still well defined.
        var a = new RgbImageView(15, 15, SyntheticImages.Textured(15, 15));
        var b = new RgbImageView(15, 15, SyntheticImages.TexturedPerturbed(15, 15));

        double ssim = Ssim.Luma(a, b, border: 2);

        Assert.InRange(ssim, 0.9, 1.0);
    }

    [Fact]
    public void Luma_RegionSmallerThanWindow_ThrowsArgumentException()
    {
        byte[] image = new byte[14 * 14 * 3];

        var error = Assert.Throws<ArgumentException>(() => Ssim.Luma(new RgbImageView(14, 14, image), new RgbImageView(14, 14, image), border: 2));
        Assert.Contains("11x11", error.Message, StringComparison.Ordinal);
    }
}
