using BsrnVideo.Encode;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Pipeline;

public sealed partial class UpscaleJobTests
{
    [Theory]
    [InlineData("bt709", "bt709", "bt709", "tv")]
    [InlineData("bt2020", "smpte2084", "bt2020nc", "pc")]
    [InlineData("smpte170m", "smpte170m", "smpte170m", "pc")]
    [InlineData("bt470bg", "smpte170m", "bt470bg", "tv")]
    public async Task Run_TaggedClip_KeepsPrimariesTransferMatrixAndRange(string primaries, string transfer, string matrix, string range)
    {
        string input = TestClips.Tagged(primaries, transfer, matrix, range);
        ProbeStream source = MediaProbe.Video(input);
        Assert.Equal((primaries, transfer, matrix, range), (source.ColorPrimaries, source.ColorTransfer, source.ColorSpace, source.ColorRange));

        string output = await UpscaleAsync(input, "tagged.mp4", 2);

        ProbeStream result = MediaProbe.Video(output);
        Assert.Equal((primaries, transfer, matrix, range), (result.ColorPrimaries, result.ColorTransfer, result.ColorSpace, result.ColorRange));
    }

    /// <summary>
    /// Tags are not enough: the pixels must be converted with the matrix and range the tags name, on the way in and
    /// out. A flat colour upscaled stays that colour, so the output, decoded by the ffmpeg CLI, must show the same RGB
    /// as the input decoded by the ffmpeg CLI (which reads the same YUV samples differently under each tag set:
    /// 0xB03060 comes out as 186,61,95 under BT.709 tv and 178,69,98 under BT.709 pc).
    /// </summary>
    [Theory]
    [InlineData("yuv420p", "bt709", "bt709", "bt709", "tv")]
    [InlineData("yuv420p", "bt709", "bt709", "bt709", "pc")]
    [InlineData("yuv420p", "bt2020", "smpte2084", "bt2020nc", "pc")]
    [InlineData("yuv420p", "smpte170m", "smpte170m", "smpte170m", "tv")]
    [InlineData("yuv420p", null, null, null, null)] // untagged SD: BT.601 tv by convention
    [InlineData("yuv420p10le", "bt2020", "arib-std-b67", "bt2020nc", "tv")]
    [InlineData("yuv420p10le", "bt709", "bt709", "bt709", "pc")]
    public async Task Run_FlatColourClip_KeepsTheColourAsTheTagsDefineIt(string pixelFormat, string? primaries, string? transfer, string? matrix, string? range)
    {
        string input = TestClips.SolidColour(pixelFormat, primaries, transfer, matrix, range);

        string output = await UpscaleAsync(input, "solid.mp4", 2);

        (double R, double G, double B) expected = TestClips.MeanRgb(input);
        (double R, double G, double B) actual = TestClips.MeanRgb(output);
        Assert.True(
            Math.Abs(expected.R - actual.R) <= 1.5 && Math.Abs(expected.G - actual.G) <= 1.5 && Math.Abs(expected.B - actual.B) <= 1.5,
            $"input decodes to {expected}, output to {actual}.");
        Assert.Equal(MediaProbe.Video(input).PixelFormat, MediaProbe.Video(output).PixelFormat); // FFmpeg 5.1's H.264 decoder says yuvj420p for full range
    }

    [Theory]
    [InlineData(nameof(TestClips.TenBitH264), "libx264", ".mp4", "ultrafast", "High 10")]
    [InlineData(nameof(TestClips.TenBitHevc), "libx265", ".mkv", "ultrafast", "Main 10")]
    [InlineData(nameof(TestClips.TenBitH264), "libx265", ".mp4", "ultrafast", "Main 10")]
    [InlineData(nameof(TestClips.TenBitHevc), "libsvtav1", ".mkv", "12", "Main")]
    [InlineData(nameof(TestClips.TenBitH264), "libvpx-vp9", ".webm", null, "Profile 2")]
    public async Task Run_TenBitClip_EncodesTenBit(string clip, string codec, string extension, string? preset, string profile)
    {
        string input = TestClips.Named(clip);
        Assert.Equal("yuv420p10le", MediaProbe.Video(input).PixelFormat);

        string output = await UpscaleAsync(input, "ten" + extension, 2, new EncoderSettings { Codec = codec, Preset = preset });

        ProbeStream result = MediaProbe.Video(output);
        Assert.Equal(("yuv420p10le", profile), (result.PixelFormat, result.Profile));
        Assert.Equal(25, MediaProbe.FrameTimestamps(output, result.Index).Count);
    }
}
