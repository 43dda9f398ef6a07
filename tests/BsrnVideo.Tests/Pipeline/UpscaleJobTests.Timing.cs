using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Pipeline;

public sealed partial class UpscaleJobTests
{
    [Theory]
    [InlineData(nameof(TestClips.BigBuckBunny160x90), ".mp4")] // B-frames: decode order differs from presentation order
    [InlineData(nameof(TestClips.VariableFrameRate), ".mp4")]
    [InlineData(nameof(TestClips.VariableFrameRate), ".mkv")] // Matroska's 1 ms time base
    [InlineData(nameof(TestClips.TenBitHevc), ".mp4")]
    [InlineData(nameof(TestClips.Odd65x37WithAudio), ".mov")]
    public async Task Run_AnyClip_KeepsEveryFrameTimestamp(string clip, string extension)
    {
        string input = TestClips.Named(clip);
        ProbeStream source = MediaProbe.Video(input);

        string output = await UpscaleAsync(input, "out" + extension, 2);

        ProbeStream result = MediaProbe.Video(output);
        AssertSameTimestamps(input, source, output, result, ContainerShift(input, output, result.TimeBase));
    }

    [Fact]
    public async Task Run_Mp4WithPrimedAudioToMkv_ShiftsVideoAndAudioByTheSameAmount()
    {
        // The AAC track starts 23 ms before 0 (encoder priming); Matroska cannot store that, so the muxer moves
        // every stream later by the same amount, as `ffmpeg -i in.mp4 -c copy out.mkv` does: sync is kept.
        string input = TestClips.VariableFrameRate;
        IReadOnlyList<ProbeStream> sources = MediaProbe.Streams(input);
        Assert.True(MediaProbe.Packets(input, sources.Single(s => s.Kind == "audio").Index)[0].Pts < 0, "the clip's audio does not start before 0");

        string output = await UpscaleAsync(input, "shifted.mkv", 2);

        IReadOnlyList<ProbeStream> results = MediaProbe.Streams(output);
        var ms = new ProbeRational(1, 1000);
        long videoShift = ShiftMs(MediaProbe.FrameTimestamps(input, 0)[0], sources[0], MediaProbe.FrameTimestamps(output, 0)[0], results[0]);
        ProbeStream inAudio = sources.Single(s => s.Kind == "audio");
        ProbeStream outAudio = results.Single(s => s.Kind == "audio");
        long audioShift = ShiftMs(MediaProbe.Packets(input, inAudio.Index)[0].Pts!.Value, inAudio, MediaProbe.Packets(output, outAudio.Index)[0].Pts!.Value, outAudio);
        Assert.Equal(ContainerShift(input, output, ms), videoShift);
        Assert.Equal(videoShift, audioShift);

        static long ShiftMs(long before, ProbeStream source, long after, ProbeStream result) =>
            result.TimeBase.Rescale(after, new ProbeRational(1, 1000)) - source.TimeBase.Rescale(before, new ProbeRational(1, 1000));
    }

    [Fact]
    public async Task Run_VariableFrameRateClip_StaysVariable()
    {
        string input = TestClips.VariableFrameRate;
        ProbeStream source = MediaProbe.Video(input);
        IReadOnlyList<long> inputSteps = Steps(MediaProbe.FrameTimestamps(input, source.Index));
        Assert.True(inputSteps.Distinct().Count() >= 10, $"the test clip is not variable enough: steps {string.Join(' ', inputSteps)}");

        string output = await UpscaleAsync(input, "vfr.mp4", 3);

        ProbeStream result = MediaProbe.Video(output);
        IReadOnlyList<long> outputMs = [.. MediaProbe.FrameTimestamps(output, result.Index).Select(t => result.TimeBase.Rescale(t, new ProbeRational(1, 1000)))];
        Assert.Equal(inputSteps, Steps(outputMs));
    }

    /// <summary>
    /// Same number of frames, and each output frame's timestamp is the input's rescaled to the output's time base,
    /// plus <paramref name="shift"/> output ticks (see <see cref="ContainerShift"/>).
    /// </summary>
    private static void AssertSameTimestamps(string input, ProbeStream source, string output, ProbeStream result, long shift)
    {
        IReadOnlyList<long> expected = MediaProbe.FrameTimestamps(input, source.Index);
        IReadOnlyList<long> actual = MediaProbe.FrameTimestamps(output, result.Index);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            long want = source.TimeBase.Rescale(expected[i], result.TimeBase) + shift;
            Assert.True(
                want == actual[i],
                $"frame {i}: input {expected[i]} x {source.TimeBase} = {source.TimeBase.Seconds(expected[i]):F6} s, " +
                $"output {actual[i]} x {result.TimeBase} = {result.TimeBase.Seconds(actual[i]):F6} s (expected {want}).");
        }
    }

    /// <summary>
    /// How far the output container moves every timestamp, in <paramref name="timeBase"/> ticks: 0, except that
    /// Matroska (mkv, webm) cannot store times before 0, so when some input stream starts before 0 (AAC or Opus
    /// priming) its muxer moves every stream later by that much, exactly as the ffmpeg CLI does with <c>-c copy</c>.
    /// </summary>
    private static long ContainerShift(string input, string output, ProbeRational timeBase)
    {
        if (Path.GetExtension(output) is not (".mkv" or ".webm"))
        {
            return 0;
        }

        long earliest = 0;
        foreach (ProbeStream stream in MediaProbe.Streams(input))
        {
            IReadOnlyList<ProbePacket> packets = MediaProbe.Packets(input, stream.Index);
            long first = packets.Where(p => p.Pts is not null).Min(p => p.Pts!.Value);
            earliest = Math.Min(earliest, stream.TimeBase.Rescale(first, timeBase));
        }

        return -earliest;
    }

    private static long[] Steps(IReadOnlyList<long> timestamps) => [.. timestamps.Zip(timestamps.Skip(1), (a, b) => b - a)];
}
