using BsrnVideo.Frames;
using BsrnVideo.Infer;
using BsrnVideo.Tests.TestUtilities;
using Xunit;

namespace BsrnVideo.Tests.Infer;

/// <summary>The Set5 benchmark: runs an upscaler over the five LR images and scores PSNR-Y against HR.</summary>
internal static class Set5
{
    public static readonly string[] Names = ["baby", "bird", "butterfly", "head", "woman"];

    public static TestImage Low(string name, int scale) =>
        TestImage.LoadPng(Path.Combine(SharedAssets.Set5Dir, $"LRbicx{scale}", name + ".png"));

    public static TestImage High(string name) => TestImage.LoadPng(Path.Combine(SharedAssets.Set5Dir, "HR", name + ".png"));

    public static TestImage Upscale(IUpscaler upscaler, TestImage low)
    {
        var inPool = new FramePool(low.Width, low.Height);
        var outPool = new FramePool(low.Width * upscaler.Scale, low.Height * upscaler.Scale);
        using RgbFrame input = low.ToFrame(inPool);
        using RgbFrame output = outPool.Rent();
        upscaler.Upscale([input], [output], TestContext.Current.CancellationToken);
        return TestImage.FromFrame(output);
    }

    /// <summary>Average PSNR-Y over the images (or the named subset).</summary>
    public static double AveragePsnrY(IUpscaler upscaler, int scale, params string[] names)
    {
        string[] set = names.Length > 0 ? names : Names;
        double total = 0;
        foreach (string name in set)
        {
            TestImage low = Low(name, scale);
            TestImage sr = Upscale(upscaler, low);
            TestImage hr = High(name).Crop(sr.Width, sr.Height);
            total += TestImage.PsnrY(sr, hr, scale);
        }

        return total / set.Length;
    }
}
