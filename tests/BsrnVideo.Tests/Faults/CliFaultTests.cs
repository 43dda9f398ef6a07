using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Faults;

/// <summary>
/// Issue 5: every bad input, bad output and bad argument, through the real <c>bsrn-video</c> process. Each case
/// checks the exit code, the one line on stderr (naming the file and the fix, no stack trace), that nothing is left
/// at the output path or as a temporary file, and that the input is byte for byte what it was.
/// </summary>
public sealed partial class CliFaultTests : IClassFixture<FaultClips>, IDisposable
{
    private readonly FaultClips _clips;
    private readonly TempDirectory _out = new();

    public CliFaultTests(FaultClips clips)
    {
        _clips = clips;
    }

    public void Dispose() => _out.Dispose();

    /// <summary>Runs bicubic (fast, no model files; x2 unless <paramref name="extra"/> says) with <c>-q</c>, so stderr holds errors only.</summary>
    private static CliResult Upscale(string input, string output, params string[] extra) =>
        BsrnCli.Run([input, output, "--model", "bicubic", .. extra.Contains("--scale") ? [] : new[] { "--scale", "2" }, "-q", .. extra]);

    /// <summary>
    /// The common contract of a failed run: <paramref name="exitCode"/>, one <c>error:</c> line naming
    /// <paramref name="names"/> and containing <paramref name="says"/> (a usage error adds the help line), no stack
    /// trace, nothing at <paramref name="output"/>, no <c>.partial</c> beside it, and the inputs unchanged.
    /// </summary>
    private static void AssertCleanFailure(CliResult result, int exitCode, string names, string says, string output, params (string Path, string Sha256)[] inputs)
    {
        Assert.True(exitCode == result.ExitCode, $"expected exit {exitCode}; {result}");
        IReadOnlyList<string> lines = result.ErrorLines;
        int expectedLines = exitCode == 2 ? 2 : 1;
        Assert.True(lines.Count == expectedLines, $"expected {expectedLines} line(s) on stderr; {result}");
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(names, lines[0], StringComparison.Ordinal);
        Assert.Contains(says, lines[0], StringComparison.Ordinal);
        if (exitCode == 2)
        {
            Assert.Equal("Run 'bsrn-video --help' for usage.", lines[1]);
        }

        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", result.StandardError, StringComparison.Ordinal);
        AssertNothingLeft(output);
        foreach ((string path, string sha256) in inputs)
        {
            Assert.Equal(sha256, BsrnCli.Sha256(path));
        }
    }

    private static void AssertNothingLeft(string output)
    {
        Assert.False(File.Exists(output), $"{output} exists");
        Assert.False(File.Exists(output + ".partial"), $"{output}.partial was left behind");
        string? folder = Path.GetDirectoryName(output);
        if (folder is not null && Directory.Exists(folder))
        {
            Assert.Empty(Directory.GetFiles(folder, "*.partial"));
            Assert.Empty(Directory.GetFiles(folder, "*.interrupted.*"));
        }
    }

    private static (string Path, string Sha256) Hashed(string path) => (path, BsrnCli.Sha256(path));
}
