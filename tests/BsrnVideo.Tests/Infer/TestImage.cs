using System.Buffers.Binary;
using BsrnVideo.Frames;
using BsrnVideo.Tests.TestUtilities;
using Xunit;

namespace BsrnVideo.Tests.Infer;

/// <summary>
/// A packed RGB24 picture loaded through the ffmpeg CLI (until the product's still-image reader lands), plus the
/// PSNR-Y the SR papers report.
/// </summary>
internal sealed record TestImage(int Width, int Height, byte[] Rgb)
{
    public static TestImage LoadPng(string path)
    {
        byte[] header = new byte[24];
        using (FileStream file = File.OpenRead(path))
        {
            file.ReadExactly(header);
        }

        int width = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16));
        int height = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20));
        using var temp = new TempDirectory();
        string raw = temp.File("image.rgb");
        ExternalTool.Ffmpeg("-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", raw);
        byte[] rgb = File.ReadAllBytes(raw);
        Assert.Equal(width * height * 3, rgb.Length);
        return new TestImage(width, height, rgb);
    }

    public static TestImage FromFrame(RgbFrame frame) => new(frame.Width, frame.Height, frame.Pixels.ToArray());

    public RgbFrame ToFrame(FramePool pool)
    {
        RgbFrame frame = pool.Rent();
        Rgb.CopyTo(frame.Pixels);
        return frame;
    }

    /// <summary>The top-left <paramref name="width"/> x <paramref name="height"/> part.</summary>
    public TestImage Crop(int width, int height)
    {
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            Rgb.AsSpan(y * Width * 3, width * 3).CopyTo(rgb.AsSpan(y * width * 3));
        }

        return new TestImage(width, height, rgb);
    }

    /// <summary>
    /// PSNR of the BT.601 luma (Y = 16 + 65.481 R + 128.553 G + 24.966 B, RGB in [0,1]), <paramref name="border"/>
    /// pixels cropped on each side, as BasicSR's <c>calculate_psnr(test_y_channel=True)</c>.
    /// </summary>
    public static double PsnrY(TestImage a, TestImage b, int border)
    {
        Assert.Equal(a.Width, b.Width);
        Assert.Equal(a.Height, b.Height);
        double sum = 0;
        long count = 0;
        for (int y = border; y < a.Height - border; y++)
        {
            for (int x = border; x < a.Width - border; x++)
            {
                int i = ((y * a.Width) + x) * 3;
                double d = Luma(a.Rgb, i) - Luma(b.Rgb, i);
                sum += d * d;
                count++;
            }
        }

        double mse = sum / count;
        return mse == 0 ? double.PositiveInfinity : 20 * Math.Log10(255.0 / Math.Sqrt(mse));
    }

    private static double Luma(byte[] rgb, int i) =>
        16.0 + (((65.481 * rgb[i]) + (128.553 * rgb[i + 1]) + (24.966 * rgb[i + 2])) / 255.0);
}
