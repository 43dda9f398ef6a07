using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Pipeline;

public sealed partial class UpscaleJobTests
{
    [Theory]
    [InlineData(nameof(TestClips.BigBuckBunny160x90), ".mp4")] // the real clip's own AAC packets
    [InlineData(nameof(TestClips.VariableFrameRate), ".mkv")]
    [InlineData(nameof(TestClips.Odd65x37WithAudio), ".mov")]
    [InlineData(nameof(TestClips.WithSubtitles), ".mkv")] // Opus
    public async Task Run_ClipWithAudio_CopiesEveryAudioPacketBitExact(string clip, string extension)
    {
        string input = TestClips.Named(clip);
        ProbeStream sourceAudio = MediaProbe.Streams(input).Single(s => s.Kind == "audio");

        string output = await UpscaleAsync(input, "out" + extension, 2);

        ProbeStream resultAudio = MediaProbe.Streams(output).Single(s => s.Kind == "audio");
        Assert.Equal(sourceAudio.CodecName, resultAudio.CodecName);
        AssertSamePackets(
            MediaProbe.Packets(input, sourceAudio.Index), sourceAudio, MediaProbe.Packets(output, resultAudio.Index), resultAudio, ContainerShift(input, output, resultAudio.TimeBase));
    }

    [Fact]
    public async Task Run_MkvWithSubtitles_CopiesTheSubtitleStreamPacketForPacket()
    {
        string input = TestClips.WithSubtitles;
        ProbeStream sourceSubs = MediaProbe.Streams(input).Single(s => s.Kind == "subtitle");

        string output = await UpscaleAsync(input, "subs.mkv", 2);

        IReadOnlyList<ProbeStream> streams = MediaProbe.Streams(output);
        Assert.Equal(["video", "audio", "subtitle"], streams.Select(s => s.Kind));
        ProbeStream resultSubs = streams.Single(s => s.Kind == "subtitle");
        Assert.Equal("subrip", resultSubs.CodecName);
        IReadOnlyList<ProbePacket> packets = MediaProbe.Packets(input, sourceSubs.Index);
        Assert.Equal(2, packets.Count);
        AssertSamePackets(packets, sourceSubs, MediaProbe.Packets(output, resultSubs.Index), resultSubs, ContainerShift(input, output, resultSubs.TimeBase));
    }

    [Fact]
    public async Task Run_ClipWithoutAudio_WritesTheVideoStreamOnly()
    {
        string output = await UpscaleAsync(TestClips.Bikes128x54, "silent.mp4", 2);

        Assert.Equal(["video"], MediaProbe.Streams(output).Select(s => s.Kind));
    }

    [Fact]
    public async Task Run_RotatedClip_KeepsTheDisplayMatrix()
    {
        ProbeStream source = MediaProbe.Video(TestClips.Rotated90);
        Assert.NotNull(source.Rotation);

        string output = await UpscaleAsync(TestClips.Rotated90, "rotated.mp4", 2);

        ProbeStream result = MediaProbe.Video(output);
        Assert.Equal(source.Rotation, result.Rotation);
        Assert.Equal((192, 108), (result.Width, result.Height)); // the pictures are stored unrotated, as in the input
    }

    [Fact]
    public async Task Run_ClipWithMetadata_CopiesContainerAndStreamTags()
    {
        string output = await UpscaleAsync(TestClips.WithMetadata, "tags.mkv", 2);

        IReadOnlyDictionary<string, string> container = MediaProbe.FormatTags(output);
        Assert.Equal("Test clip", container.GetValueOrDefault("title"));
        Assert.Equal("made by TestClips", container.GetValueOrDefault("comment"));
        IReadOnlyList<ProbeStream> streams = MediaProbe.Streams(output);
        Assert.Equal("fra", streams.Single(s => s.Kind == "video").Tags.GetValueOrDefault("language"));
        ProbeStream audio = streams.Single(s => s.Kind == "audio");
        Assert.Equal(("eng", "commentary"), (audio.Tags.GetValueOrDefault("language"), audio.Tags.GetValueOrDefault("title")));
    }

    /// <summary>
    /// Same packets in the same order: payload MD5 and size, and timing rescaled to the output's time base, moved by
    /// one constant: 0, or the container's <paramref name="shift"/> (Matroska moves streams later when another starts
    /// before 0). An Opus track in Matroska reads back unmoved even then: its demuxer subtracts the stored CodecDelay
    /// again; the ffmpeg CLI's <c>-c copy</c> gives the same file with FFmpeg 5.1.
    /// </summary>
    private static void AssertSamePackets(IReadOnlyList<ProbePacket> expected, ProbeStream source, IReadOnlyList<ProbePacket> actual, ProbeStream result, long shift)
    {
        Assert.Equal(expected.Count, actual.Count);
        long moved = actual[0].Pts!.Value - source.TimeBase.Rescale(expected[0].Pts!.Value, result.TimeBase);
        Assert.True(moved == 0 || moved == shift, $"the stream moved by {moved} x {result.TimeBase}; expected 0 or {shift}.");
        for (int i = 0; i < expected.Count; i++)
        {
            ProbePacket e = expected[i];
            ProbePacket a = actual[i];
            Assert.True(e.Md5 == a.Md5 && e.Size == a.Size, $"packet {i}: {e.Size} bytes {e.Md5} became {a.Size} bytes {a.Md5}.");
            long? want = e.Pts is long pts ? source.TimeBase.Rescale(pts, result.TimeBase) + moved : null;
            Assert.True(want == a.Pts, $"packet {i}: pts {e.Pts} x {source.TimeBase} became {a.Pts} x {result.TimeBase} (expected {want}).");
        }
    }
}
