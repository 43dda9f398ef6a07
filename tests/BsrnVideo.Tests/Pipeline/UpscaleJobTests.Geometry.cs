using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Pipeline;

public sealed partial class UpscaleJobTests
{
    [Theory]
    [InlineData(nameof(TestClips.Bikes128x54), 2)]
    [InlineData(nameof(TestClips.Bikes128x54), 3)]
    [InlineData(nameof(TestClips.BigBuckBunny160x90), 4)]
    [InlineData(nameof(TestClips.Odd65x37WithAudio), 2)]
    [InlineData(nameof(TestClips.Odd65x37WithAudio), 3)]
    [InlineData(nameof(TestClips.Odd65x37Yuv420), 3)]
    [InlineData(nameof(TestClips.Odd65x37Yuv420), 4)]
    public async Task Run_ScaleN_OutputIsExactlyNTimesTheInputWithEveryFrame(string clip, int scale)
    {
        string input = TestClips.Named(clip);
        ProbeStream source = MediaProbe.Video(input);

        string output = await UpscaleAsync(input, $"out-x{scale}.mkv", scale);

        ProbeStream result = MediaProbe.Video(output);
        Assert.Equal((source.Width * scale, source.Height * scale), (result.Width, result.Height));
        Assert.Equal(MediaProbe.FrameTimestamps(input, source.Index).Count, MediaProbe.FrameTimestamps(output, result.Index).Count);
    }

    [Fact]
    public async Task Run_BatchOfFourOverOddFrameCount_KeepsEveryFrame()
    {
        string input = TestClips.Frames64x36(10); // 10 = two full batches and a partial one of 2

        string output = await UpscaleAsync(input, "batched.mp4", 2, batch: 4);

        ProbeStream result = MediaProbe.Video(output);
        Assert.Equal((128, 72), (result.Width, result.Height));
        Assert.Equal(10, MediaProbe.FrameTimestamps(output, result.Index).Count);
    }
}
