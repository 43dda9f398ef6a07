using BsrnVideo.Encode;
using BsrnVideo.Infer.Quality;
using BsrnVideo.Tests.Infer.Quality;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Pipeline;

public sealed partial class UpscaleJobTests
{
    /// <summary>
    /// Issue 2: a still through the bicubic upscaler matches the ffmpeg CLI's bicubic scaling within 0.5 dB. Both are
    /// scored against Set5's ground truth (HR) from its x4 bicubic-downscaled LR image, and against each other.
    /// </summary>
    [Theory]
    [InlineData("bird")]
    [InlineData("woman")] // 57x86: odd width
    public async Task Run_PngStillWithBicubic_MatchesFfmpegBicubicWithinHalfADecibel(string image)
    {
        string input = Path.Combine(SharedAssets.Set5Dir, "LRbicx4", image + ".png");
        string reference = _temp.File("ffmpeg-x4.png");
        ExternalTool.Ffmpeg("-i", input, "-vf", "scale=iw*4:ih*4:flags=bicubic", reference);

        string output = await UpscaleAsync(input, "ours-x4.png", 4, new EncoderSettings());

        ProbeStream result = MediaProbe.Video(output);
        Assert.Equal(("png", "rgb24"), (result.CodecName, result.PixelFormat));
        RgbImageFile hr = RgbImageFile.Load(Path.Combine(SharedAssets.Set5Dir, "HR", image + ".png"));
        RgbImageFile ours = RgbImageFile.Load(output);
        RgbImageFile theirs = RgbImageFile.Load(reference);
        Assert.Equal((hr.Width, hr.Height), (ours.Width, ours.Height));
        var truth = new RgbImageView(hr.Width, hr.Height, hr.Pixels);
        double oursDb = Psnr.Rgb(truth, new RgbImageView(ours.Width, ours.Height, ours.Pixels), border: 4);
        double theirsDb = Psnr.Rgb(truth, new RgbImageView(theirs.Width, theirs.Height, theirs.Pixels), border: 4);
        double betweenDb = Psnr.Rgb(
            new RgbImageView(theirs.Width, theirs.Height, theirs.Pixels), new RgbImageView(ours.Width, ours.Height, ours.Pixels));
        TestContext.Current.TestOutputHelper?.WriteLine($"{image}: ours {oursDb:F3} dB, ffmpeg CLI {theirsDb:F3} dB against HR; {betweenDb:F2} dB between the two.");
        Assert.True(
            Math.Abs(oursDb - theirsDb) <= 0.5 && betweenDb >= 40,
            $"{image}: ours {oursDb:F3} dB, ffmpeg CLI {theirsDb:F3} dB against HR; {betweenDb:F2} dB between the two.");
    }

    /// <summary>
    /// Stills in and out of JPEG (full-range YUV, yuvj*): a flat colour must come out as the ffmpeg CLI decodes the
    /// input. Limited-range samples written into a JPEG (or a JPEG read as limited range) shift it by 10 levels or more.
    /// </summary>
    [Theory]
    [InlineData(".png", ".jpg")]
    [InlineData(".jpg", ".png")]
    [InlineData(".jpg", ".jpg")]
    public async Task Run_FlatColourStill_KeepsTheColourThroughJpeg(string inputExtension, string outputExtension)
    {
        string input = _temp.File("flat" + inputExtension);
        ExternalTool.Ffmpeg("-f", "lavfi", "-i", "color=c=0xB03060:size=48x32", "-frames:v", "1", input);

        string output = await UpscaleAsync(input, "flat-x2" + outputExtension, 2, new EncoderSettings());

        (double R, double G, double B) expected = TestClips.MeanRgb(input);
        (double R, double G, double B) actual = TestClips.MeanRgb(output);
        Assert.True(
            Math.Abs(expected.R - actual.R) <= 2 && Math.Abs(expected.G - actual.G) <= 2 && Math.Abs(expected.B - actual.B) <= 2,
            $"input decodes to {expected}, output to {actual}.");
        Assert.Equal((96, 64), (MediaProbe.Video(output).Width, MediaProbe.Video(output).Height));
    }
}
