using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Faults;

public sealed partial class CliFaultTests
{
    [Fact]
    public void Run_InputDoesNotExist_ExitsOneNamingTheFile()
    {
        string output = _out.File("out.mp4");
        CliResult result = Upscale(_clips.MissingPath, output);
        AssertCleanFailure(result, 1, "does-not-exist.mp4", "no such file", output);
    }

    [Fact]
    public void Run_EmptyInput_ExitsOneSayingItIsEmpty()
    {
        string output = _out.File("out.mp4");
        var input = Hashed(_clips.Empty);
        CliResult result = Upscale(_clips.Empty, output);
        AssertCleanFailure(result, 1, "empty.mp4", "is empty (0 bytes)", output, input);
    }

    [Fact]
    public void Run_RandomBytes_ExitsOneSayingItCannotBeRead()
    {
        string output = _out.File("out.mp4");
        var input = Hashed(_clips.RandomBytes);
        CliResult result = Upscale(_clips.RandomBytes, output);
        AssertCleanFailure(result, 1, "random.mp4", "cannot be read as a video", output, input);
    }

    [Fact]
    public void Run_Mp4CutMidMdat_ExitsOneSayingItIsTruncated()
    {
        string output = _out.File("out.mp4");
        var input = Hashed(_clips.CutMidMdat);
        CliResult result = Upscale(_clips.CutMidMdat, output);
        AssertCleanFailure(result, 1, "cut-mid-mdat.mp4", "is truncated", output, input);
        Assert.Contains("-c copy", result.ErrorLines[0], StringComparison.Ordinal); // says how to salvage it
    }

    [Fact]
    public void Run_Mp4WithoutMoov_ExitsOneSayingItIsIncomplete()
    {
        string output = _out.File("out.mp4");
        var input = Hashed(_clips.NoMoov);
        CliResult result = Upscale(_clips.NoMoov, output);
        AssertCleanFailure(result, 1, "no-moov.mp4", "damaged or incomplete", output, input);
    }

    [Fact]
    public void Run_AudioOnlyInput_ExitsOneListingWhatTheFileHolds()
    {
        string output = _out.File("out.mp4");
        var input = Hashed(_clips.AudioOnly);
        CliResult result = Upscale(_clips.AudioOnly, output);
        AssertCleanFailure(result, 1, "audio-only.m4a", "has no video stream (found audio #0 (aac))", output, input);
    }

    [Fact]
    public void Run_CodecWithoutDecoder_ExitsOneNamingTheCodec()
    {
        string output = _out.File("out.mp4");
        var input = Hashed(_clips.UnsupportedCodec);
        CliResult result = Upscale(_clips.UnsupportedCodec, output);
        AssertCleanFailure(result, 1, "clip.avs2", "no decoder for avs2", output, input);
    }

    [Fact]
    public void Run_NoDecodableFrame_ExitsOneSayingSo()
    {
        string output = _out.File("out.mp4");
        var input = Hashed(_clips.NoDecodableFrame);
        CliResult result = Upscale(_clips.NoDecodableFrame, output);
        AssertCleanFailure(result, 1, "no-decodable-frame.mp4", "has no decodable frame", output, input);
    }

    [Fact]
    public void Run_CorruptPacketMidStream_SkipsItWarnsOnceAndKeepsTheTiming()
    {
        string output = _out.File("out.mp4");
        var input = Hashed(_clips.CorruptMidStream);

        // Without -q: the warning and the skipped count are part of the contract.
        CliResult result = BsrnCli.Run([_clips.CorruptMidStream, output, "--model", "bicubic", "--scale", "2"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] warnings = [.. result.ErrorLines.Where(l => l.StartsWith("warning:", StringComparison.Ordinal))];
        string warning = Assert.Single(warnings);
        Assert.Contains("corrupt-mid-stream.mp4", warning, StringComparison.Ordinal);
        Assert.Contains("--strict", warning, StringComparison.Ordinal);
        Assert.Contains(result.ErrorLines, l => l == "skipped 1 damaged packet(s)");
        Assert.DoesNotContain(result.ErrorLines, l => l.StartsWith("error:", StringComparison.Ordinal));

        (int packets, double duration) = FaultClips.ProbeVideo(output);
        (_, double inputDuration) = FaultClips.ProbeVideo(_clips.Good);
        Assert.Equal(_clips.GoodFrames - 1, packets);
        Assert.InRange(duration, inputDuration - 0.05, inputDuration + 0.05); // the gap is a gap, not a shift
        Assert.Empty(Directory.GetFiles(_out.Path, "*.partial"));
        Assert.Equal(input.Sha256, BsrnCli.Sha256(input.Path));
    }

    [Fact]
    public void Run_CorruptPacketMidStreamStrict_ExitsOneAtThatPacket()
    {
        string output = _out.File("out.mp4");
        var input = Hashed(_clips.CorruptMidStream);
        CliResult result = Upscale(_clips.CorruptMidStream, output, "--strict");
        AssertCleanFailure(result, 1, "corrupt-mid-stream.mp4", "because of --strict", output, input);
    }

    [Fact]
    public void Run_ConcealableDamageStrict_StopsThereWhileTheDefaultRunGoesOn()
    {
        string output = _out.File("out.mp4");
        var input = Hashed(_clips.ConcealableDamage);

        CliResult strict = Upscale(_clips.ConcealableDamage, output, "--strict");
        AssertCleanFailure(strict, 1, "concealable-damage.mp4", "because of --strict", output, input);

        CliResult lenient = Upscale(_clips.ConcealableDamage, output);
        Assert.True(lenient.ExitCode == 0, lenient.ToString());
        Assert.True(File.Exists(output));
    }

    [Fact]
    public void Run_CorruptAudioPacket_SkipsItWhenCopyingAndWarnsOnce()
    {
        string output = _out.File("out.mkv");
        var input = Hashed(_clips.CorruptAudioPacket);
        CliResult result = BsrnCli.Run([_clips.CorruptAudioPacket, output, "--model", "bicubic", "--scale", "2"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        string warning = Assert.Single(result.ErrorLines, l => l.StartsWith("warning:", StringComparison.Ordinal));
        Assert.Contains("corrupt-audio-packet.mp4: stream #1 (aac): a damaged packet cannot be copied", warning, StringComparison.Ordinal);
        Assert.Contains(result.ErrorLines, l => l == "skipped 1 damaged packet(s)");
        Assert.Equal(_clips.GoodFrames, FaultClips.ProbeVideo(output).Packets);
        Assert.Equal(input.Sha256, BsrnCli.Sha256(input.Path));
    }

    [Fact]
    public void Run_CorruptAudioPacketStrict_ExitsOneNamingTheInputStream()
    {
        string output = _out.File("out.mkv");
        var input = Hashed(_clips.CorruptAudioPacket);
        CliResult result = Upscale(_clips.CorruptAudioPacket, output, "--strict");
        AssertCleanFailure(result, 1, "corrupt-audio-packet.mp4: stream #1 (aac)", "because of --strict", output, input);
    }

    [Fact]
    public void Run_OutputAbovePixelLimit_ExitsOneNamingTheLimitAndTheFlag()
    {
        string output = _out.File("out.mp4");
        var input = Hashed(_clips.Good);
        CliResult result = Upscale(_clips.Good, output, "--max-output-pixels", "10000");
        AssertCleanFailure(result, 1, "out.mp4", "192x108 (20736 pixels), above the limit of 10000 pixels; raise it with --max-output-pixels", output, input);
    }

    [Fact]
    public void Run_BadInputVerbose_ShowsTheStackTrace()
    {
        string output = _out.File("out.mp4");
        CliResult result = Upscale(_clips.RandomBytes, output, "--verbose");
        Assert.Equal(1, result.ExitCode);
        // --verbose also lets FFmpeg's own diagnostics through, so the error line need not come first.
        Assert.Single(result.ErrorLines, line => line.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("   at ", result.StandardError, StringComparison.Ordinal);
        AssertNothingLeft(output);
    }
}
