using BsrnVideo.Frames;

namespace BsrnVideo.Infer.Onnx;

/// <summary>
/// Copies between frames and model buffers: a region of a frame into one batch slot (edge-replicated up to the
/// slot size), and the top-left part of an output slot back. Bytes for uint8 NHWC models; floats in [0,1],
/// planar NCHW, for foreign float models.
/// </summary>
internal static class FramePacking
{
    public static void PackRegion(RgbFrame source, int x0, int y0, int width, int height, Span<byte> slot, int slotWidth, int slotHeight)
    {
        int rowBytes = slotWidth * 3;
        for (int y = 0; y < slotHeight; y++)
        {
            ReadOnlySpan<byte> src = source.GetRow(y0 + Math.Min(y, height - 1)).Slice(x0 * 3, width * 3);
            Span<byte> dst = slot.Slice(y * rowBytes, rowBytes);
            src.CopyTo(dst);
            for (int x = width; x < slotWidth; x++)
            {
                src[^3..].CopyTo(dst.Slice(x * 3, 3));
            }
        }
    }

    public static void PackRegion(RgbFrame source, int x0, int y0, int width, int height, Span<float> slot, int slotWidth, int slotHeight)
    {
        int plane = slotWidth * slotHeight;
        for (int y = 0; y < slotHeight; y++)
        {
            ReadOnlySpan<byte> src = source.GetRow(y0 + Math.Min(y, height - 1)).Slice(x0 * 3, width * 3);
            for (int x = 0; x < slotWidth; x++)
            {
                int sx = Math.Min(x, width - 1) * 3;
                int d = (y * slotWidth) + x;
                slot[d] = src[sx] / 255f;
                slot[plane + d] = src[sx + 1] / 255f;
                slot[(2 * plane) + d] = src[sx + 2] / 255f;
            }
        }
    }

    public static void CopyCrop(ReadOnlySpan<byte> slot, int slotWidth, RgbFrame target)
    {
        int rowBytes = target.Width * 3;
        if (slotWidth == target.Width)
        {
            slot[..(rowBytes * target.Height)].CopyTo(target.Pixels);
            return;
        }

        for (int y = 0; y < target.Height; y++)
        {
            slot.Slice(y * slotWidth * 3, rowBytes).CopyTo(target.GetRow(y));
        }
    }

    public static void CopyCrop(ReadOnlySpan<float> slot, int slotWidth, int slotHeight, RgbFrame target)
    {
        int plane = slotWidth * slotHeight;
        for (int y = 0; y < target.Height; y++)
        {
            Span<byte> row = target.GetRow(y);
            for (int x = 0; x < target.Width; x++)
            {
                int s = (y * slotWidth) + x;
                row[x * 3] = ToByte(slot[s]);
                row[(x * 3) + 1] = ToByte(slot[plane + s]);
                row[(x * 3) + 2] = ToByte(slot[(2 * plane) + s]);
            }
        }
    }

    /// <summary>One output row of a slot as interleaved RGB values 0..255.</summary>
    public static void ReadRow(ReadOnlySpan<byte> slot, int slotWidth, int y, Span<float> rgb)
    {
        ReadOnlySpan<byte> row = slot.Slice(y * slotWidth * 3, rgb.Length);
        for (int i = 0; i < rgb.Length; i++)
        {
            rgb[i] = row[i];
        }
    }

    public static void ReadRow(ReadOnlySpan<float> slot, int slotWidth, int slotHeight, int y, Span<float> rgb)
    {
        int plane = slotWidth * slotHeight;
        int pixels = rgb.Length / 3;
        for (int x = 0; x < pixels; x++)
        {
            int s = (y * slotWidth) + x;
            rgb[x * 3] = slot[s] * 255f;
            rgb[(x * 3) + 1] = slot[plane + s] * 255f;
            rgb[(x * 3) + 2] = slot[(2 * plane) + s] * 255f;
        }
    }

    private static byte ToByte(float v) => (byte)Math.Clamp(MathF.Round(v * 255f), 0f, 255f);
}
