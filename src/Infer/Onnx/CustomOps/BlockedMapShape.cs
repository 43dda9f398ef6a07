namespace BsrnVideo.Infer.Onnx.CustomOps;

/// <summary>
/// The shape of an NCHWc-blocked feature map, <c>[N, C/B, H, W, B]</c> in memory (ORT reports it as
/// <c>[N, C, H, W]</c>, C a multiple of the block B).
/// </summary>
internal readonly record struct BlockedMapShape(int Batch, int ChannelBlocks, int Height, int Width, int Block)
{
    /// <summary>From ORT's <c>[N, C, H, W]</c> dimensions.</summary>
    public static BlockedMapShape From(ReadOnlySpan<long> dims, int block) =>
        new((int)dims[0], (int)(dims[1] / block), (int)dims[2], (int)dims[3], block);

    /// <summary>Groups of <paramref name="rows"/> rows (the last may be shorter) in one channel plane.</summary>
    public int Bands(int rows) => (Height + rows - 1) / rows;
}
