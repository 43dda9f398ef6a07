using BsrnVideo.Infer.Tiling;
using Xunit;

namespace BsrnVideo.Tests.Infer;

public sealed class TileGridTests
{
    [Theory]
    [InlineData(100, 48, 8, new[] { 0, 40, 52 })]
    [InlineData(96, 48, 0, new[] { 0, 48 })]
    [InlineData(40, 48, 8, new[] { 0 })]
    [InlineData(49, 48, 8, new[] { 0, 1 })]
    [InlineData(320, 64, 16, new[] { 0, 48, 96, 144, 192, 240, 256 })]
    public void Origins_CoverTheAxisWithEqualTilesAndAtLeastTheOverlap(int length, int tile, int overlap, int[] expected)
    {
        var origins = new int[TileGrid.Count(length, tile, overlap)];

        TileGrid.Origins(length, tile, overlap, origins);

        Assert.Equal(expected, origins);
        int t = TileGrid.TileLength(length, tile);
        Assert.Equal(length, origins[^1] + t);
        for (int i = 1; i < origins.Length; i++)
        {
            Assert.True(origins[i - 1] + t - origins[i] >= overlap, "neighbours overlap less than asked");
        }
    }

    [Fact]
    public void FeatherWeights_SumOfOverlappingRampsIsPositiveEverywhere()
    {
        var feather = new FeatherWeights(8);
        float[] left = feather.Get(48, featherStart: false, featherEnd: true);
        float[] right = feather.Get(48, featherStart: true, featherEnd: false);

        // Tiles at 0 and 40 overlap on [40, 48).
        for (int x = 40; x < 48; x++)
        {
            Assert.True(left[x] + right[x - 40] > 0.99f);
        }

        Assert.Equal(1f, left[0]);
        Assert.Equal(1f, right[47]);
    }
}
