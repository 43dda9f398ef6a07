using BsrnVideo.Encode;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Pipeline;

public sealed partial class UpscaleJobTests
{
    [Theory]
    [InlineData("libx264", ".mp4", 30, "veryfast", "h264")]
    [InlineData("libx265", ".mkv", 32, "ultrafast", "hevc")]
    [InlineData("libx265", ".mp4", 32, "superfast", "hevc")]
    [InlineData("libvpx-vp9", ".webm", 45, null, "vp9")]
    [InlineData("libsvtav1", ".mkv", 50, "12", "av1")]
    [InlineData("libsvtav1", ".mp4", 50, "12", "av1")]
    public async Task Run_NamedEncoderWithCrfAndPreset_WritesThatCodec(string codec, string extension, int crf, string? preset, string codecName)
    {
        string input = TestClips.Bikes128x54;

        string output = await UpscaleAsync(input, "coded" + extension, 2, new EncoderSettings { Codec = codec, Crf = crf, Preset = preset });

        ProbeStream result = MediaProbe.Video(output);
        Assert.Equal((codecName, 256, 108), (result.CodecName, result.Width, result.Height));
        Assert.Equal(MediaProbe.FrameTimestamps(input, 0).Count, MediaProbe.FrameTimestamps(output, result.Index).Count);
    }

    [Fact]
    public async Task Run_WebmWithoutCodec_DefaultsToVp9()
    {
        string output = await UpscaleAsync(TestClips.Frames64x36(5), "default.webm", 2, new EncoderSettings());

        Assert.Equal("vp9", MediaProbe.Video(output).CodecName);
    }
}
