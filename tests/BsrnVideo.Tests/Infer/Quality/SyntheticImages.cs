namespace BsrnVideo.Tests.Infer.Quality;

/// <summary>Deterministic test pictures (packed RGB); the same integer formulas as reference_metrics.py.</summary>
internal static class SyntheticImages
{
    public static byte[] Textured(int width, int height) =>
        Create(width, height, (x, y, c) => ((x * 37) + (y * 91) + (c * 53) + ((x * y % 17) * 11)) % 256);

    /// <summary><see cref="Textured"/> plus a bounded perturbation in [-6, 6], clamped to 0..255.</summary>
    public static byte[] TexturedPerturbed(int width, int height) =>
        Create(width, height, (x, y, c) =>
            Math.Clamp(((x * 37) + (y * 91) + (c * 53) + ((x * y % 17) * 11)) % 256
                + (((x * 13) + (y * 7) + (c * 5) + (x * y)) % 13) - 6, 0, 255));

    /// <summary>Ramps: R along x, G along y, B along the diagonal.</summary>
    public static byte[] Smooth(int width, int height) =>
        Create(width, height, (x, y, c) => c switch
        {
            0 => x * 255 / (width - 1),
            1 => y * 255 / (height - 1),
            _ => (x + y) * 255 / (width + height - 2),
        });

    /// <summary>Each row rotated right by one pixel (numpy's <c>np.roll(img, 1, axis=1)</c>).</summary>
    public static byte[] RollRight(byte[] image, int width, int height)
    {
        var rolled = new byte[image.Length];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int from = ((y * width) + ((x + width - 1) % width)) * 3;
                image.AsSpan(from, 3).CopyTo(rolled.AsSpan(((y * width) + x) * 3, 3));
            }
        }

        return rolled;
    }

    /// <summary>Nearest-neighbour enlargement by an integer factor (numpy's <c>repeat</c> on both axes).</summary>
    public static byte[] NearestUpscale(byte[] image, int width, int height, int scale)
    {
        int outWidth = width * scale;
        var result = new byte[image.Length * scale * scale];
        for (int y = 0; y < height * scale; y++)
        {
            for (int x = 0; x < outWidth; x++)
            {
                image.AsSpan((((y / scale) * width) + (x / scale)) * 3, 3).CopyTo(result.AsSpan(((y * outWidth) + x) * 3, 3));
            }
        }

        return result;
    }

    private static byte[] Create(int width, int height, Func<int, int, int, int> sample)
    {
        var image = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    image[(((y * width) + x) * 3) + c] = checked((byte)sample(x, y, c));
                }
            }
        }

        return image;
    }
}
