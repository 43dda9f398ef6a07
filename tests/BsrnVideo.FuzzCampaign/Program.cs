using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BsrnVideo.FFmpeg.Handles;
using BsrnVideo.Tests.Faults;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.FuzzCampaign;

/// <summary>
/// The long fuzz campaign: thousands of damaged cuts of the shared clips, in this process through UpscaleJob
/// (fast; a native fault kills the campaign, which is itself the finding) or each through the real bsrn-video
/// process (<c>--cli</c>: a native fault shows as a signal exit). Prints a summary and a markdown table.
/// <code>dotnet run -c Release --project tests/BsrnVideo.FuzzCampaign -- [--cases 3000] [--seed 1] [--cli] [--jobs 2] [--report file.md]</code>
/// </summary>
internal static partial class Program
{
    public static async Task<int> Main(string[] args)
    {
        int cases = IntArg(args, "--cases", 3000);
        int first = IntArg(args, "--first", 0); // run cases first .. first+cases-1 (to replay one: --first N --cases 1)
        int seed = IntArg(args, "--seed", 1);
        int jobs = IntArg(args, "--jobs", 2);
        bool cli = args.Contains("--cli");
        string? report = StringArg(args, "--report");
        string? keep = StringArg(args, "--keep"); // copy the inputs of the cases whose message contains --match here
        string match = StringArg(args, "--match") ?? "BUG";

        using var work = new TempDirectory();
        IReadOnlyList<string> clips = ClipMutator.MakeSeedClips(SharedAssets.VideoDir, work.Path);
        long handlesBefore = NativeHandleTracker.Outstanding;
        var results = new FuzzResult[cases];
        int next = first - 1;
        int done = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, jobs).Select(worker => Task.Run(async () =>
        {
            string folder = Path.Combine(work.Path, $"w{worker}");
            Directory.CreateDirectory(folder);
            int i;
            while ((i = Interlocked.Increment(ref next)) < first + cases)
            {
                FuzzCase fuzzCase = ClipMutator.Write(seed, i, clips, folder);
                string output = Path.Combine(folder, "out.mkv");
                results[i - first] = cli ? FuzzRunner.RunOutOfProcess(fuzzCase, output) : await FuzzRunner.RunInProcessAsync(fuzzCase, output);
                FuzzResult result = results[i - first];
                if (keep is not null && (result.Message.Contains(match, StringComparison.Ordinal) || (match == "BUG" && result.Verdict == FuzzVerdict.Bug)))
                {
                    Directory.CreateDirectory(keep);
                    File.Copy(fuzzCase.Path, Path.Combine(keep, Path.GetFileName(fuzzCase.Path)), overwrite: true);
                    Console.Error.WriteLine($"kept {fuzzCase}: {result.Message}");
                }

                File.Delete(fuzzCase.Path);
                if (result.Verdict == FuzzVerdict.Bug)
                {
                    Console.Error.WriteLine($"BUG {fuzzCase}: {result.Message}");
                }

                int d = Interlocked.Increment(ref done);
                if (d % 250 == 0)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{d}/{cases} cases, {clock.Elapsed.TotalSeconds:F0} s"));
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        clock.Stop();

        string command = "dotnet run -c Release --project tests/BsrnVideo.FuzzCampaign -- " + string.Join(' ', args);
        string text = Report(results, command, cli, seed, jobs, clock.Elapsed, NativeHandleTracker.Outstanding - handlesBefore);
        Console.WriteLine(text);
        if (report is not null)
        {
            await File.WriteAllTextAsync(report, text);
        }

        return results.Any(r => r.Verdict == FuzzVerdict.Bug) ? 1 : 0;
    }

    private static string Report(FuzzResult[] results, string command, bool cli, int seed, int jobs, TimeSpan elapsed, long leakedHandles)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"`{command}`");
        text.AppendLine();
        string where = cli ? "each through the bsrn-video process" : "in one process through UpscaleJob";
        string handles = cli ? "." : string.Create(inv, $"; native handles outstanding afterwards: {leakedHandles}.");
        text.AppendLine(inv, $"{results.Length} cases ({where}, seed {seed}, {jobs} at a time) in {elapsed.TotalSeconds:F0} s: {results.Count(r => r.Verdict == FuzzVerdict.Upscaled)} upscaled, {results.Count(r => r.Verdict == FuzzVerdict.CleanError)} clean errors, **{results.Count(r => r.Verdict == FuzzVerdict.Bug)} bugs**{handles}");
        text.AppendLine();
        text.AppendLine("| mutation | cases | upscaled | clean error | bug |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (IGrouping<Mutation, FuzzResult> g in results.GroupBy(r => r.Case.Mutation).OrderBy(g => g.Key))
        {
            text.AppendLine(inv, $"| {g.Key} | {g.Count()} | {g.Count(r => r.Verdict == FuzzVerdict.Upscaled)} | {g.Count(r => r.Verdict == FuzzVerdict.CleanError)} | {g.Count(r => r.Verdict == FuzzVerdict.Bug)} |");
        }

        text.AppendLine();
        text.AppendLine("| exit code | cases | message (file names and numbers generalised) | first case |");
        text.AppendLine("|---:|---:|---|---|");
        foreach (var g in results.GroupBy(r => (r.ExitCode, Message: Generalise(r))).OrderByDescending(g => g.Count()))
        {
            FuzzCase first = g.First().Case;
            text.AppendLine(inv, $"| {g.Key.ExitCode} | {g.Count()} | {g.Key.Message.Replace("|", "\\|", StringComparison.Ordinal)} | {first.Index}: {first.Mutation} {first.Detail} of {Path.GetFileName(first.Clip)} |");
        }

        return text.ToString();
    }

    /// <summary>"case-17.mp4: ... frame 12 ..." -> "&lt;file&gt;: ... frame N ...", so equal messages group.</summary>
    private static string Generalise(FuzzResult r)
    {
        if (r.Verdict == FuzzVerdict.Upscaled)
        {
            return "(upscaled)";
        }

        string m = r.Message.Replace(r.Case.Path, "<file>", StringComparison.Ordinal);
        m = CaseFile().Replace(m, "<file>");
        m = OutputFile().Replace(m, "<out>");
        return Number().Replace(m, "N");
    }

    private static int IntArg(string[] args, string name, int fallback) =>
        StringArg(args, name) is string v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static string? StringArg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    [GeneratedRegex(@"\S*case-\d+\.\w+")]
    private static partial Regex CaseFile();

    [GeneratedRegex(@"\S*out\.mkv")]
    private static partial Regex OutputFile();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();
}
