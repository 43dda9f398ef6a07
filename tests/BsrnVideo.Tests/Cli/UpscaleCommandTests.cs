using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Cli;

/// <summary>
/// <c>bsrn-video IN OUT</c> as a user runs it, as a separate process: exit codes (0 ok, 1 runtime error, 2 usage
/// error), the summary, the encoder flags, and the safe-output rules.
/// </summary>
public sealed class UpscaleCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Main_BicubicClip_ExitsZeroWritesTheVideoAndPrintsTheSummary()
    {
        string output = _temp.File("out.mp4");

        ProcessResult result = BsrnVideoCli.Run(TestClips.Bikes128x54, output, "--model", "bicubic", "--scale", "2", "--preset", "ultrafast");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("bicubic-x2 on swscale: 128x54 yuv420p -> 256x108 yuv420p (libx264)", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"done: 25 frames in ", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"-> {output}", result.StandardError, StringComparison.Ordinal);
        foreach (string stage in new[] { "demux", "decode", "to_tensor", "infer", "from_tensor", "encode", "mux" })
        {
            Assert.Matches($@"(?m)^  {stage} +p50 +[0-9.]+ ms  p95 +[0-9.]+ ms  \(\d+ items\)$", result.StandardError);
        }

        ProbeStream video = MediaProbe.Video(output);
        Assert.Equal(("h264", 256, 108), (video.CodecName, video.Width, video.Height));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public void Main_Quiet_PrintsNothingOnSuccess()
    {
        ProcessResult result = BsrnVideoCli.Run(TestClips.Frames64x36(5), _temp.File("quiet.mp4"), "--model", "bicubic", "--scale", "2", "--quiet");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.StandardError);
        Assert.Equal(string.Empty, result.StandardOutput);
    }

    [Fact]
    public void Main_CodecCrfAndPresetFlags_ReachTheEncoder()
    {
        string output = _temp.File("out.mkv");

        ProcessResult result = BsrnVideoCli.Run(
            TestClips.Bikes128x54, output, "--model", "bicubic", "--scale", "3", "-c:v", "libx265", "--crf", "30", "--preset", "ultrafast");

        Assert.True(result.ExitCode == 0, result.StandardError);
        ProbeStream video = MediaProbe.Video(output);
        Assert.Equal(("hevc", 384, 162), (video.CodecName, video.Width, video.Height));
    }

    [Fact]
    public void Main_PngStill_WritesAPngFourTimesLarger()
    {
        string output = _temp.File("bird_x4.png");

        ProcessResult result = BsrnVideoCli.Run(Path.Combine(SharedAssets.Set5Dir, "LRbicx4", "bird.png"), output, "--model", "bicubic");

        Assert.True(result.ExitCode == 0, result.StandardError);
        ProbeStream picture = MediaProbe.Video(output);
        Assert.Equal(("png", "rgb24", 288, 288), (picture.CodecName, picture.PixelFormat, picture.Width, picture.Height));
    }

    [Fact]
    public void Main_ExistingOutputWithoutOverwrite_ExitsOneAndLeavesTheFileUntouched()
    {
        string output = _temp.File("existing.mp4");
        byte[] before = [0x42, 0x53, 0x52, 0x4e];
        File.WriteAllBytes(output, before);

        ProcessResult result = BsrnVideoCli.Run(TestClips.Frames64x36(5), output, "--model", "bicubic", "--scale", "2");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("already exists; pass -y to overwrite it", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(output));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public void Main_ExistingOutputWithY_ExitsZeroAndReplacesIt()
    {
        string output = _temp.File("existing.mp4");
        File.WriteAllBytes(output, [0x42, 0x53, 0x52, 0x4e]);

        ProcessResult result = BsrnVideoCli.Run(TestClips.Frames64x36(5), output, "--model", "bicubic", "--scale", "2", "-y");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(128, MediaProbe.Video(output).Width);
        Assert.False(File.Exists(output + ".partial"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // -y does not make it allowed
    public void Main_OutputIsTheInput_ExitsOneAndLeavesTheInputUntouched(bool overwrite)
    {
        string input = _temp.File("clip.mp4");
        File.Copy(TestClips.Frames64x36(5), input);
        byte[] before = File.ReadAllBytes(input);

        ProcessResult result = BsrnVideoCli.Run([input, input, "--model", "bicubic", "--scale", "2", .. overwrite ? new[] { "-y" } : []]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the output is the input file", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(input));
        Assert.False(File.Exists(input + ".partial"));
    }

    [Fact]
    public void Main_MissingInput_ExitsOneNamingTheFileAndWritesNothing()
    {
        string input = _temp.File("no-such-clip.mp4");
        string output = _temp.File("out.mp4");

        ProcessResult result = BsrnVideoCli.Run(input, output, "--model", "bicubic");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: {input}: no such file.", result.StandardError.Trim());
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--batch", "0")]
    [InlineData("--batch", "many")]
    [InlineData("--crf", "99")]
    [InlineData("--scale", "0")]
    [InlineData("--tile", "32", "--tile-overlap", "32")]
    [InlineData("--encoder-priority", "realtime")]
    public void Main_UsageError_ExitsTwoAndWritesNothing(params string[] flags)
    {
        string output = _temp.File("out.mp4");

        ProcessResult result = BsrnVideoCli.Run([TestClips.Frames64x36(5), output, "--model", "bicubic", .. flags]);

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.StandardError}");
        Assert.StartsWith("error: ", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Theory]
    [InlineData("idle")]
    [InlineData("normal")]
    public void Main_EncoderPriority_StillWritesEveryFrame(string priority)
    {
        string output = _temp.File($"prio-{priority}.mp4");

        ProcessResult result = BsrnVideoCli.Run([TestClips.Frames64x36(5), output, "--model", "bicubic", "--scale", "2", "--encoder-priority", priority]);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(5, MediaProbe.FrameTimestamps(output, MediaProbe.Video(output).Index).Count);
    }

    [Fact]
    public void Main_MissingOutputArgument_ExitsTwo()
    {
        ProcessResult result = BsrnVideoCli.Run(TestClips.Frames64x36(5));

        Assert.Equal(2, result.ExitCode);
    }

    [Theory]
    [InlineData("--model", "no-such-model")]
    [InlineData("-c:v", "no-such-encoder")]
    [InlineData("--pix-fmt", "rgb48le")] // libx264 does not take it
    public void Main_RuntimeError_ExitsOneWithOneLineAndWritesNothing(string flag, string value)
    {
        string output = _temp.File("out.mp4");
        string[] model = flag == "--model" ? [] : ["--model", "bicubic"];

        ProcessResult result = BsrnVideoCli.Run([TestClips.Frames64x36(5), output, .. model, flag, value]);

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}: {result.StandardError}");
        Assert.StartsWith("error: ", result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.Trim().Split('\n'));
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public void Main_DamagedClipWithStrict_ExitsOneAndLeavesNeitherOutputNorPartial()
    {
        string output = _temp.File("strict.mp4");

        ProcessResult result = BsrnVideoCli.Run(TestClips.Damaged, output, "--model", "bicubic", "--scale", "2", "--preset", "ultrafast", "--strict");

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}: {result.StandardError}");
        Assert.Contains("error: ", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".partial"), "the .partial file was left behind after a failure mid-run.");
    }

    [Fact]
    public void Main_DamagedClip_SkipsTheDamagedPacketWarnsAndFinishes()
    {
        string output = _temp.File("lenient.mp4");

        ProcessResult result = BsrnVideoCli.Run(TestClips.Damaged, output, "--model", "bicubic", "--scale", "2", "--preset", "ultrafast");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("skipping damaged data (pass --strict to stop instead)", result.StandardError, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^skipped \d+ damaged packet\(s\)$", result.StandardError);
        ProbeStream source = MediaProbe.Video(TestClips.Damaged);
        ProbeStream video = MediaProbe.Video(output);
        Assert.Equal(320, video.Width);

        // The frames that survive keep their own times: no frame slides into the gap.
        HashSet<long> inputTimes = [.. MediaProbe.FrameTimestamps(TestClips.Damaged, source.Index).Select(t => source.TimeBase.Rescale(t, video.TimeBase))];
        IReadOnlyList<long> outputTimes = MediaProbe.FrameTimestamps(output, video.Index);
        Assert.InRange(outputTimes.Count, inputTimes.Count / 2, inputTimes.Count);
        Assert.All(outputTimes, t => Assert.Contains(t, inputTimes));
    }

    [Fact]
    public void Main_SubtitlesIntoMp4_ExitsOneNamingTheStreamAndTheWayOut()
    {
        string output = _temp.File("subs.mp4");

        ProcessResult result = BsrnVideoCli.Run(TestClips.WithSubtitles, output, "--model", "bicubic", "--scale", "2");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("subtitle stream #2 (subrip)", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("--no-subs", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public void Main_NoSubsAndNoAudio_LeaveThoseStreamsOut()
    {
        string withoutSubs = _temp.File("nosubs.mp4");
        string withoutEither = _temp.File("video-only.mkv");

        ProcessResult first = BsrnVideoCli.Run(TestClips.WithSubtitles, withoutSubs, "--model", "bicubic", "--scale", "2", "--no-subs");
        ProcessResult second = BsrnVideoCli.Run(TestClips.WithSubtitles, withoutEither, "--model", "bicubic", "--scale", "2", "--no-subs", "--no-audio");

        Assert.True(first.ExitCode == 0, first.StandardError);
        Assert.True(second.ExitCode == 0, second.StandardError);
        Assert.Equal(["video", "audio"], MediaProbe.Streams(withoutSubs).Select(s => s.Kind));
        Assert.Equal(["video"], MediaProbe.Streams(withoutEither).Select(s => s.Kind));
    }

    [Fact]
    public void Main_AacIntoWebm_ExitsOneOfferingOnlyWhatWorks()
    {
        string output = _temp.File("out.webm");

        ProcessResult result = BsrnVideoCli.Run(TestClips.BigBuckBunny160x90, output, "--model", "bicubic", "--scale", "2");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the webm container cannot hold audio stream #1 (aac)", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("--no-audio", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("--audio-codec aac", result.StandardError, StringComparison.Ordinal); // WebM cannot hold AAC either
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public void Main_AudioCodecAacIntoWebm_ExitsOneSayingWebmCannotHoldAac()
    {
        string output = _temp.File("out.webm");

        ProcessResult result = BsrnVideoCli.Run(TestClips.BigBuckBunny160x90, output, "--model", "bicubic", "--scale", "2", "--audio-codec", "aac");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the webm container cannot hold AAC audio", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public void Main_AacIntoWebmWithNoAudio_WritesVp9VideoOnly()
    {
        string output = _temp.File("out.webm");

        ProcessResult result = BsrnVideoCli.Run(TestClips.BigBuckBunny160x90, output, "--model", "bicubic", "--scale", "2", "--no-audio", "--crf", "45");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal([("video", "vp9")], MediaProbe.Streams(output).Select(s => (s.Kind, s.CodecName)));
    }
}
