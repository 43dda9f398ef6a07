namespace BsrnVideo.Infer.Tiling;

/// <summary>
/// Where tiles start along one axis: every tile has the same length (the last one is shifted back to end at the
/// edge), neighbours overlap by at least <c>overlap</c> pixels. One shape means one cached ORT binding.
/// </summary>
internal static class TileGrid
{
    public static int TileLength(int length, int tile) => tile <= 0 || tile >= length ? length : tile;

    /// <summary>Fills <paramref name="origins"/> (sized by <see cref="Count"/>) with the tile starts.</summary>
    public static void Origins(int length, int tile, int overlap, Span<int> origins)
    {
        int t = TileLength(length, tile);
        int step = Step(t, overlap);
        int i = 0;
        for (int x = 0; ; x += step)
        {
            if (x + t >= length)
            {
                origins[i] = length - t;
                return;
            }

            origins[i++] = x;
        }
    }

    public static int Count(int length, int tile, int overlap)
    {
        int t = TileLength(length, tile);
        if (t >= length)
        {
            return 1;
        }

        int step = Step(t, overlap);
        return 1 + (int)Math.Ceiling((length - t) / (double)step);
    }

    private static int Step(int tile, int overlap) => Math.Max(1, tile - Math.Clamp(overlap, 0, tile - 1));
}
