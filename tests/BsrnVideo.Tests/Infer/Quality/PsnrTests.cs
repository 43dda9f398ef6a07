using BsrnVideo.Infer.Quality;
using Xunit;

namespace BsrnVideo.Tests.Infer.Quality;

public sealed class PsnrTests
{
    // Expected values: reference_metrics.py in this folder (numpy, BasicSR's formulas, double-precision Y).
    // BasicSR's own float32 Y path agrees with them to within 3e-7 dB.
    private const double Tolerance = 1e-8;

    [Fact]
    public void Luma_IdenticalImages_IsPositiveInfinity()
    {
        byte[] image = SyntheticImages.Textured(32, 24);

        Assert.Equal(double.PositiveInfinity, Psnr.Luma(new RgbImageView(32, 24, image), new RgbImageView(32, 24, image), border: 4));
    }

    [Fact]
    public void Rgb_IdenticalImages_IsPositiveInfinity()
    {
        byte[] image = SyntheticImages.Smooth(16, 16);

        Assert.Equal(double.PositiveInfinity, Psnr.Rgb(new RgbImageView(16, 16, image), new RgbImageView(16, 16, image)));
    }

    [Theory]
    [InlineData("textured-48x40", 0, 44.28452933430221, 36.61562612442951)]
    [InlineData("textured-48x40", 4, 44.32125101769357, 36.66629309569052)]
    [InlineData("smooth-vs-textured-64x32", 2, 12.772565152278492, 8.34581296582196)]
    [InlineData("smooth-rolled-64x32", 0, 27.82447807253226, 21.151648563664125)]
    public void LumaAndRgb_SyntheticPair_MatchNumpyReference(string name, int border, double expectedY, double expectedRgb)
    {
        (int width, int height, byte[] reference, byte[] distorted) = ReferenceCase.Create(name);
        var a = new RgbImageView(width, height, reference);
        var b = new RgbImageView(width, height, distorted);

        Assert.Equal(expectedY, Psnr.Luma(a, b, border), Tolerance);
        Assert.Equal(expectedRgb, Psnr.Rgb(a, b, border), Tolerance);
    }

    [Fact]
    public void Luma_SwappedArguments_GivesSameValue()
    {
        var a = new RgbImageView(48, 40, SyntheticImages.Textured(48, 40));
        var b = new RgbImageView(48, 40, SyntheticImages.TexturedPerturbed(48, 40));

        Assert.Equal(Psnr.Luma(a, b, 2), Psnr.Luma(b, a, 2));
    }

    [Fact]
    public void FromMeanSquaredError_OneGreyLevel_Is48Point13Decibels()
    {
        // 10 log10(255²) = 48.1308...
        Assert.Equal(20 * Math.Log10(255), Psnr.FromMeanSquaredError(1), 1e-12);
    }

    [Fact]
    public void Luma_DifferentSizes_ThrowsArgumentException()
    {
        byte[] small = new byte[8 * 8 * 3];
        byte[] large = new byte[8 * 9 * 3];

        Assert.Throws<ArgumentException>(() => Psnr.Luma(new RgbImageView(8, 8, small), new RgbImageView(8, 9, large)));
    }

    [Fact]
    public void Luma_BorderCoversWholeImage_ThrowsArgumentException()
    {
        byte[] image = new byte[8 * 8 * 3];

        var error = Assert.Throws<ArgumentException>(() => Psnr.Luma(new RgbImageView(8, 8, image), new RgbImageView(8, 8, image), border: 4));
        Assert.Contains("4-pixel border", error.Message, StringComparison.Ordinal);
    }
}
