using BsrnVideo.Decode;
using BsrnVideo.Encode;
using BsrnVideo.Infer;
using BsrnVideo.Pipeline;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Faults;

/// <summary>How a fuzz case ended.</summary>
internal enum FuzzVerdict
{
    /// <summary>The damage was skipped or harmless: the output is in place.</summary>
    Upscaled,

    /// <summary>A clean error of our own types (exit 1, one line), nothing left behind.</summary>
    CleanError,

    /// <summary>Anything else: a foreign exception, a crash (signal exit), a hang, a stack trace, a file left behind.</summary>
    Bug,
}

internal sealed record FuzzResult(FuzzCase Case, FuzzVerdict Verdict, int ExitCode, string Message, TimeSpan Elapsed);

/// <summary>
/// Runs one damaged clip through the pipeline, in this process (<see cref="UpscaleJob"/>, bicubic x2 into .mkv,
/// which holds any copied stream) or through the real <c>bsrn-video</c> process, and judges the ending.
/// </summary>
internal static class FuzzRunner
{
    public static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(30);

    public static async Task<FuzzResult> RunInProcessAsync(FuzzCase fuzzCase, string output)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(CaseTimeout);
        var options = new UpscaleJobOptions { Input = fuzzCase.Path, Output = output, Overwrite = true, DecoderThreads = 1 };
        using var upscaler = new BicubicUpscaler(2);
        using var metrics = new PipelineMetrics();
        (FuzzVerdict verdict, int code, string message) result;
        try
        {
            using UpscaleJob job = UpscaleJob.Open(options, upscaler, metrics);
            JobOutcome outcome = await job.RunAsync(CancellationToken.None, timeout.Token).ConfigureAwait(false);
            result = outcome == JobOutcome.Completed && File.Exists(output)
                ? (FuzzVerdict.Upscaled, 0, $"{job.FramesWritten} frames, {job.SkippedPackets} damaged packet(s) skipped")
                : (FuzzVerdict.Bug, -1, $"ended {outcome} without an output");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            result = (FuzzVerdict.Bug, -1, $"hung: still running after {CaseTimeout.TotalSeconds} s");
        }
        catch (Exception e) when (e is DecodeException or EncodeException or PipelineException or InferenceException)
        {
            result = (FuzzVerdict.CleanError, 1, e.Message);
        }
        catch (Exception e)
        {
            result = (FuzzVerdict.Bug, -1, $"{e.GetType().Name}: {e.Message}");
        }

        return Judge(fuzzCase, result, output, clock.Elapsed);
    }

    public static FuzzResult RunOutOfProcess(FuzzCase fuzzCase, string output)
    {
        CliResult run = BsrnCli.Run([fuzzCase.Path, output, "-y", "--model", "bicubic", "--scale", "2", "-q"], CaseTimeout);
        IReadOnlyList<string> lines = run.ErrorLines;
        (FuzzVerdict, int, string) result = run.ExitCode switch
        {
            0 when File.Exists(output) && lines.All(l => l.StartsWith("warning:", StringComparison.Ordinal) || l.StartsWith("skipped", StringComparison.Ordinal))
                => (FuzzVerdict.Upscaled, 0, "upscaled"),
            1 when lines.Count == 1 && lines[0].StartsWith("error: ", StringComparison.Ordinal) && !lines[0].StartsWith("error: unexpected", StringComparison.Ordinal)
                => (FuzzVerdict.CleanError, 1, lines[0]["error: ".Length..]),
            _ => (FuzzVerdict.Bug, run.ExitCode, $"exit {run.ExitCode}{(run.ExitCode > 128 ? $" (signal {run.ExitCode - 128})" : string.Empty)}: {string.Join(" | ", lines.Take(3))}"),
        };
        return Judge(fuzzCase, result, output, run.Elapsed);
    }

    /// <summary>A failure must leave neither the output nor its temporary file.</summary>
    private static FuzzResult Judge(FuzzCase fuzzCase, (FuzzVerdict Verdict, int Code, string Message) result, string output, TimeSpan elapsed)
    {
        if (File.Exists(output + ".partial"))
        {
            result = (FuzzVerdict.Bug, result.Code, $"left {Path.GetFileName(output)}.partial behind; {result.Message}");
        }
        else if (result.Verdict == FuzzVerdict.CleanError && File.Exists(output))
        {
            result = (FuzzVerdict.Bug, result.Code, $"failed but left {Path.GetFileName(output)}; {result.Message}");
        }

        File.Delete(output);
        return new FuzzResult(fuzzCase, result.Verdict, result.Code, result.Message, elapsed);
    }
}
