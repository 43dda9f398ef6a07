using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Faults;

public sealed partial class CliFaultTests
{
    [Fact]
    public void Run_OutputFolderDoesNotExist_ExitsOneSayingCreateIt()
    {
        string output = Path.Combine(_out.Path, "no-such-folder", "out.mp4");
        var input = Hashed(_clips.Good);
        CliResult result = Upscale(_clips.Good, output);
        AssertCleanFailure(result, 1, "no-such-folder", "does not exist; create it first", output, input);
        Assert.False(Directory.Exists(Path.GetDirectoryName(output)));
    }

    [Fact]
    public void Run_OutputFolderReadOnly_ExitsOneSayingWriteElsewhere()
    {
        // Tests run as root, which ignores permission bits: a read-only mount (or, failing that, an immutable
        // folder) is what actually refuses a write.
        using ScratchMount? mount = ScratchMount.TryMount("ro,size=64k", out string why);
        string folder;
        if (mount is not null)
        {
            folder = mount.Path;
        }
        else
        {
            folder = _out.File("immutable");
            Directory.CreateDirectory(folder);
            if (!TryRun("chattr", "+i", folder))
            {
                Assert.Skip($"{why}; chattr +i is not available either, so no folder here refuses root's writes.");
            }
        }

        try
        {
            string output = Path.Combine(folder, "out.mp4");
            var input = Hashed(_clips.Good);
            CliResult result = Upscale(_clips.Good, output);
            AssertCleanFailure(result, 1, output, "creating the output file failed", output, input);
            Assert.Contains(mount is not null ? "Read-only file system" : "Operation not permitted", result.ErrorLines[0], StringComparison.Ordinal);
            Assert.Contains("write the output elsewhere", result.ErrorLines[0], StringComparison.Ordinal);
        }
        finally
        {
            if (mount is null)
            {
                TryRun("chattr", "-i", folder);
            }
        }
    }

    private static bool TryRun(string tool, params string[] arguments)
    {
        try
        {
            return ExternalTool.TryRun(tool, arguments).ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_OutputIsTheInput_ExitsOneAndLeavesTheInputAlone(bool overwrite)
    {
        string input = _out.File("in.mp4");
        File.Copy(_clips.Good, input);
        string before = BsrnCli.Sha256(input);
        CliResult result = overwrite ? Upscale(input, input, "-y") : Upscale(input, input);

        Assert.True(result.ExitCode == 1, result.ToString());
        string line = Assert.Single(result.ErrorLines);
        Assert.Equal($"error: {input}: the output is the input file; choose another output name.", line);
        Assert.Equal(before, BsrnCli.Sha256(input));
        Assert.Equal(["in.mp4"], Directory.GetFiles(_out.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Run_OutputExistsWithoutOverwrite_ExitsOneAndKeepsTheExistingFile()
    {
        string output = _out.File("out.mp4");
        File.WriteAllText(output, "somebody's earlier result");
        var input = Hashed(_clips.Good);
        CliResult result = Upscale(_clips.Good, output);

        Assert.True(result.ExitCode == 1, result.ToString());
        string line = Assert.Single(result.ErrorLines);
        Assert.Equal($"error: {output}: already exists; pass -y to overwrite it.", line);
        Assert.Equal("somebody's earlier result", File.ReadAllText(output));
        Assert.Equal(["out.mp4"], Directory.GetFiles(_out.Path).Select(Path.GetFileName));
        Assert.Equal(input.Sha256, BsrnCli.Sha256(input.Path));
    }

    [Theory]
    [InlineData("out.mp4")]
    [InlineData("out.mkv")]
    public void Run_DiskFillsUpMidRun_ExitsOneSayingSoAndLeavesNothing(string name)
    {
        using ScratchMount? disk = ScratchMount.TryMount("size=64k", out string why);
        if (disk is null)
        {
            Assert.Skip(why);
        }

        string output = disk.File(name);
        var input = Hashed(_clips.Good);

        // Lossless x4: far more than 64 KiB, so the disk fills after the header, in the middle of the frames.
        CliResult result = Upscale(_clips.Good, output, "--scale", "4", "--crf", "0", "--preset", "ultrafast");

        AssertCleanFailure(result, 1, output, "No space left on device; free some space on that disk, or write the output elsewhere", output, input);
        Assert.Empty(Directory.GetFileSystemEntries(disk.Path));
    }

    [Fact]
    public void Run_UnknownExtension_ExitsOneListingTheKnownOnes()
    {
        string output = _out.File("out.xyz");
        var input = Hashed(_clips.Good);
        CliResult result = Upscale(_clips.Good, output);
        AssertCleanFailure(result, 1, "out.xyz", "no FFmpeg muxer handles the extension '.xyz'; use .mp4, .mkv", output, input);
    }
}
