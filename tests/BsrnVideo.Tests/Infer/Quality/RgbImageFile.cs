using System.Globalization;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Infer.Quality;

/// <summary>An image file decoded to packed RGB by the ffmpeg CLI (lossless for PNG).</summary>
internal sealed record RgbImageFile(int Width, int Height, byte[] Pixels)
{
    public static RgbImageFile Load(string path)
    {
        string[] size = ExternalTool.Run(
            "ffprobe", ["-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", path]).Trim().Split(',');
        using var temp = new TempDirectory();
        string raw = temp.File("image.rgb");
        ExternalTool.Ffmpeg("-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", raw);
        return new RgbImageFile(
            int.Parse(size[0], CultureInfo.InvariantCulture), int.Parse(size[1], CultureInfo.InvariantCulture), File.ReadAllBytes(raw));
    }
}
