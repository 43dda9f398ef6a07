using System.Globalization;
using System.Text;
using BsrnVideo.FFmpeg.Handles;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Faults;

/// <summary>Counts native handles across the whole run, so nothing else may run beside it.</summary>
[CollectionDefinition(nameof(FuzzCollection), DisableParallelization = true)]
public sealed class FuzzCollection;

/// <summary>
/// Issue 5, fuzzing: damaged cuts of the shared clips (bit flips, broken index, truncation, bad runs, the ffmpeg
/// <c>noise</c> filter), seeded and reproducible. Every case ends upscaled or in a clean error of our own types,
/// nothing is left behind, no native handle leaks, and the real process never dies of a native fault.
/// The long campaign is tests/BsrnVideo.FuzzCampaign.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class PipelineFuzzTests : IDisposable
{
    private const int Seed = 5;
    private readonly TempDirectory _dir = new();
    private readonly IReadOnlyList<string> _clips;

    public PipelineFuzzTests()
    {
        _clips = ClipMutator.MakeSeedClips(SharedAssets.VideoDir, _dir.Path);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Run_250DamagedClipsInProcess_EachUpscalesOrFailsCleanlyAndNothingLeaks()
    {
        const int cases = 250;
        long handlesBefore = NativeHandleTracker.Outstanding;
        var results = new List<FuzzResult>();
        for (int i = 0; i < cases; i++)
        {
            FuzzCase fuzzCase = ClipMutator.Write(Seed, i, _clips, _dir.Path);
            results.Add(await FuzzRunner.RunInProcessAsync(fuzzCase, _dir.File("out.mkv")));
            File.Delete(fuzzCase.Path);
        }

        TestContext.Current.TestOutputHelper?.WriteLine(Summary(results));
        Assert.True(!results.Any(r => r.Verdict == FuzzVerdict.Bug), Summary(results));
        Assert.Contains(results, r => r.Verdict == FuzzVerdict.Upscaled);   // the damage is not all fatal...
        Assert.Contains(results, r => r.Verdict == FuzzVerdict.CleanError); // ...nor all harmless
        Assert.Equal(handlesBefore, NativeHandleTracker.Outstanding);
    }

    [Fact]
    public void Run_DamagedClipsThroughTheCli_TheProcessNeverDiesOfANativeFault()
    {
        var results = new List<FuzzResult>();
        for (int i = 0; i < 24; i++)
        {
            FuzzCase fuzzCase = ClipMutator.Write(Seed + 1, i, _clips, _dir.Path);
            results.Add(FuzzRunner.RunOutOfProcess(fuzzCase, _dir.File("out.mkv")));
            File.Delete(fuzzCase.Path);
        }

        TestContext.Current.TestOutputHelper?.WriteLine(Summary(results));
        Assert.True(!results.Any(r => r.Verdict == FuzzVerdict.Bug), Summary(results));
    }

    private static string Summary(List<FuzzResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{results.Count} cases: {results.Count(r => r.Verdict == FuzzVerdict.Upscaled)} upscaled, {results.Count(r => r.Verdict == FuzzVerdict.CleanError)} clean errors, {results.Count(r => r.Verdict == FuzzVerdict.Bug)} bugs, {results.Sum(r => r.Elapsed.TotalSeconds):F1} s");
        foreach (FuzzResult r in results.Where(r => r.Verdict == FuzzVerdict.Bug))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"BUG {r.Case}: {r.Message}");
        }

        return text.ToString();
    }
}
