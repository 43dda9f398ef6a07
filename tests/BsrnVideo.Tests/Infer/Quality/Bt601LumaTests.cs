using BsrnVideo.Infer.Quality;
using Xunit;

namespace BsrnVideo.Tests.Infer.Quality;

public sealed class Bt601LumaTests
{
    [Theory]
    [InlineData(0, 0, 0, 16.0)]
    [InlineData(255, 255, 255, 235.0)]
    [InlineData(255, 0, 0, 16.0 + 65.481)]
    [InlineData(0, 255, 0, 16.0 + 128.553)]
    [InlineData(0, 0, 255, 16.0 + 24.966)]
    [InlineData(128, 64, 32, 16.0 + (((65.481 * 128) + (128.553 * 64) + (24.966 * 32)) / 255))]
    public void FromRgb_KnownColour_GivesStudioRangeY(byte red, byte green, byte blue, double expected)
    {
        Assert.Equal(expected, Bt601Luma.FromRgb(red, green, blue), 1e-12);
    }

    [Fact]
    public void ConvertRow_PackedPixels_ConvertsEachPixel()
    {
        byte[] rgb = [0, 0, 0, 255, 255, 255, 255, 0, 0];
        var luma = new double[3];

        Bt601Luma.ConvertRow(rgb, luma);

        Assert.Equal([16.0, 235.0, 81.481], luma.Select(v => Math.Round(v, 9)));
    }
}
