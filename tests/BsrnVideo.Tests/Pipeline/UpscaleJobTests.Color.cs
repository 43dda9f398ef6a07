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

    [Theory]
    [InlineData(nameof(TestClips.TenBitH264), "libx264", ".mp4", "High 10")]
    [InlineData(nameof(TestClips.TenBitHevc), "libx265", ".mkv", "Main 10")]
    [InlineData(nameof(TestClips.TenBitH264), "libx265", ".mp4", "Main 10")]
    public async Task Run_TenBitClip_EncodesTenBit(string clip, string codec, string extension, string profile)
    {
        string input = TestClips.Named(clip);
        Assert.Equal("yuv420p10le", MediaProbe.Video(input).PixelFormat);

        string output = await UpscaleAsync(input, "ten" + extension, 2, new EncoderSettings { Codec = codec, Preset = "ultrafast" });

        ProbeStream result = MediaProbe.Video(output);
        Assert.Equal(("yuv420p10le", profile), (result.PixelFormat, result.Profile));
        Assert.Equal(25, MediaProbe.FrameTimestamps(output, result.Index).Count);
    }
}
