using BsrnVideo.Frames;

namespace BsrnVideo.Infer.Tiling;

/// <summary>Weighted sums of overlapping output tiles for one frame size; <see cref="WriteTo"/> normalises and rounds.</summary>
internal sealed class TileAccumulator
{
    private readonly float[] _sum;
    private readonly float[] _weight;

    public TileAccumulator(int width, int height)
    {
        Width = width;
        Height = height;
        _sum = new float[width * height * 3];
        _weight = new float[width * height];
    }

    public int Width { get; }

    public int Height { get; }

    public void Clear()
    {
        Array.Clear(_sum);
        Array.Clear(_weight);
    }

    /// <summary>Adds one output tile row given as 0..255 values (RGB interleaved) at (x, y) with per-pixel weights.</summary>
    public void AddRow(int x, int y, ReadOnlySpan<float> rgb, ReadOnlySpan<float> columnWeights, float rowWeight)
    {
        Span<float> sum = _sum.AsSpan(((y * Width) + x) * 3, columnWeights.Length * 3);
        Span<float> weight = _weight.AsSpan((y * Width) + x, columnWeights.Length);
        for (int i = 0; i < columnWeights.Length; i++)
        {
            float w = columnWeights[i] * rowWeight;
            weight[i] += w;
            sum[i * 3] += rgb[i * 3] * w;
            sum[(i * 3) + 1] += rgb[(i * 3) + 1] * w;
            sum[(i * 3) + 2] += rgb[(i * 3) + 2] * w;
        }
    }

    public void WriteTo(RgbFrame frame)
    {
        Span<byte> pixels = frame.Pixels;
        for (int p = 0; p < _weight.Length; p++)
        {
            float inverse = 1f / _weight[p];
            for (int c = 0; c < 3; c++)
            {
                pixels[(p * 3) + c] = (byte)Math.Clamp(MathF.Round(_sum[(p * 3) + c] * inverse), 0f, 255f);
            }
        }
    }
}
