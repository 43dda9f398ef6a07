using System.Diagnostics;
using System.Text.RegularExpressions;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Faults;

/// <summary>Timing-sensitive: runs alone, so the 2-second promises are measured on an idle machine.</summary>
[CollectionDefinition(nameof(SignalTimingCollection), DisableParallelization = true)]
public sealed class SignalTimingCollection;

/// <summary>
/// Issue 5, cancellation: SIGINT or SIGTERM in mid-run stops within 2 s, exit 130, and keeps a playable partial file
/// under the name the message gives (never at the target path); a second SIGINT exits at once.
/// </summary>
[Collection(nameof(SignalTimingCollection))]
public sealed partial class CliCancellationTests : IClassFixture<FaultClips>, IDisposable
{
    private static readonly TimeSpan s_gracefulLimit = TimeSpan.FromSeconds(2);
    private readonly FaultClips _clips;
    private readonly TempDirectory _out = new();

    public CliCancellationTests(FaultClips clips)
    {
        _clips = clips;
    }

    public void Dispose() => _out.Dispose();

    [Theory]
    [InlineData(BsrnCli.SIGINT, "medium")]
    [InlineData(BsrnCli.SIGTERM, "medium")]
    [InlineData(BsrnCli.SIGINT, "veryslow")] // a 60-frame look-ahead to flush: the stop budget cuts it short
    public void Run_SignalMidRun_StopsWithinTwoSecondsKeepingAPlayablePartialFile(int signal, string preset)
    {
        string output = _out.File("out.mp4");
        string inputHash = BsrnCli.Sha256(_clips.Long);
        string scale = preset == "veryslow" ? "2" : "4"; // veryslow at x4 takes long to reach its first packet
        using CliProcess run = BsrnCli.Start([_clips.Long, output, "--model", "bicubic", "--scale", scale, "--preset", preset, "-q"], defaultSignals: true);
        WaitUntilFramesAreWritten(run, output);

        var clock = Stopwatch.StartNew();
        run.Signal(signal);
        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(20)), $"still running 20 s after the signal: {run.StandardError}");
        TimeSpan stoppedIn = clock.Elapsed;
        CliResult result = run.Result;

        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.True(stoppedIn < s_gracefulLimit, $"took {stoppedIn.TotalSeconds:F2} s to stop; {result}");
        Match said = InterruptedLine().Match(result.ErrorLines[^1]);
        Assert.True(said.Success, result.ToString());
        Assert.DoesNotContain(result.ErrorLines, l => l.StartsWith("error:", StringComparison.Ordinal));

        string kept = said.Groups["path"].Value;
        Assert.Equal(_out.File("out.interrupted.mp4"), kept);
        int frames = int.Parse(said.Groups["frames"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(frames, 1, 399); // the clip has 400: it really stopped in the middle
        (int packets, _) = FaultClips.ProbeVideo(kept);
        Assert.Equal(frames, packets);
        ExternalTool.Run("ffmpeg", ["-v", "error", "-xerror", "-i", kept, "-f", "null", "-"]); // plays to the end

        Assert.False(File.Exists(output), "the target path must never hold a partial result");
        Assert.Empty(Directory.GetFiles(_out.Path, "*.partial"));
        Assert.Equal(inputHash, BsrnCli.Sha256(_clips.Long));
    }

    [Fact]
    public void Run_SecondSigint_ExitsAtOnceLeavingNothing()
    {
        string output = _out.File("out.mp4");
        string inputHash = BsrnCli.Sha256(_clips.Long);

        // veryslow: the graceful stop flushes for over a second, so the second signal lands during it.
        using CliProcess run = BsrnCli.Start([_clips.Long, output, "--model", "bicubic", "--scale", "2", "--preset", "veryslow", "-q"], defaultSignals: true);
        WaitUntilFramesAreWritten(run, output);
        run.Signal(BsrnCli.SIGINT);
        Thread.Sleep(150);
        Assert.False(run.HasExited, "the graceful stop ended before the second signal; the test proves nothing");
        var clock = Stopwatch.StartNew();
        run.Signal(BsrnCli.SIGINT);
        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(10)), run.StandardError);
        TimeSpan exitedIn = clock.Elapsed;
        CliResult result = run.Result;

        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.True(exitedIn < TimeSpan.FromSeconds(1), $"took {exitedIn.TotalSeconds:F2} s to exit; {result}");
        Assert.Equal("interrupted.", result.ErrorLines[^1]);
        Assert.Equal([], Directory.GetFiles(_out.Path).Select(Path.GetFileName));
        Assert.Equal(inputHash, BsrnCli.Sha256(_clips.Long));
    }

    /// <summary>Waits until the job is past its start: packets are reaching the temporary file.</summary>
    private static void WaitUntilFramesAreWritten(CliProcess run, string output)
    {
        var partial = new FileInfo(output + ".partial");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(run.HasExited, $"exited before the signal: {run.StandardError}");
            partial.Refresh();
            if (partial.Exists && partial.Length > 16 * 1024)
            {
                return;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "no frames were written within 30 s");
            Thread.Sleep(20);
        }
    }

    [GeneratedRegex(@"^interrupted: the (?<frames>\d+) frames finished so far are in (?<path>.+)$")]
    private static partial Regex InterruptedLine();
}
