using BsrnVideo.Decode;
using BsrnVideo.Frames;
using BsrnVideo.Infer;
using BsrnVideo.Infer.Quality;

namespace BsrnVideo.Pipeline;

/// <summary>One image's score.</summary>
public sealed record ImageScore(string Name, int Width, int Height, double PsnrY, double SsimY);

/// <summary>
/// Scores an upscaler on a folder of LR images against the HR images of the same names, as the SR literature does:
/// PSNR and SSIM on the Y channel of BT.601 YCbCr, <c>scale</c> pixels shaved at each border, the HR image cropped
/// top-left to scale x the LR size (the usual mod-crop).
/// </summary>
public static class ImageSetEvaluator
{
    private static readonly string[] s_extensions = [".png", ".bmp", ".jpg", ".jpeg", ".tif", ".tiff", ".webp"];

    public static IReadOnlyList<ImageScore> Evaluate(string lrFolder, string hrFolder, IUpscaler upscaler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upscaler);
        if (!Directory.Exists(lrFolder))
        {
            throw new DecodeException($"{lrFolder}: no such folder (--lr).");
        }

        if (!Directory.Exists(hrFolder))
        {
            throw new DecodeException($"{hrFolder}: no such folder (--hr).");
        }

        string[] files = [.. Directory.EnumerateFiles(lrFolder)
            .Where(f => s_extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)];
        if (files.Length == 0)
        {
            throw new DecodeException($"{lrFolder}: holds no images.");
        }

        var scores = new List<ImageScore>(files.Length);
        int scale = upscaler.Scale;
        foreach (string lrPath in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string hrPath = Path.Combine(hrFolder, Path.GetFileName(lrPath));
            if (!File.Exists(hrPath))
            {
                throw new DecodeException($"{hrPath}: missing (every LR image needs an HR image of the same name).");
            }

            using RgbFrame lr = StillImageReader.Read(lrPath);
            using RgbFrame hr = StillImageReader.Read(hrPath);
            int width = lr.Width * scale;
            int height = lr.Height * scale;
            if (hr.Width < width || hr.Height < height)
            {
                throw new DecodeException($"{hrPath}: is {hr.Width}x{hr.Height}, smaller than x{scale} of its LR image ({width}x{height}).");
            }

            var pool = new FramePool(width, height);
            using RgbFrame sr = pool.Rent();
            upscaler.Upscale([lr], [sr], cancellationToken);
            byte[] crop = CropTopLeft(hr, width, height);
            QualityScore score = QualityScore.Measure(new RgbImageView(width, height, crop), RgbImageView.FromFrame(sr), border: scale);
            scores.Add(new ImageScore(Path.GetFileName(lrPath), width, height, score.PsnrY, score.SsimY));
        }

        return scores;
    }

    private static byte[] CropTopLeft(RgbFrame image, int width, int height)
    {
        byte[] crop = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            image.GetRow(y)[..(width * 3)].CopyTo(crop.AsSpan(y * width * 3, width * 3));
        }

        return crop;
    }
}
