using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Faults;

public sealed partial class CliFaultTests
{
    [Theory]
    [InlineData(new[] { "--frobnicate" }, "'--frobnicate'")]
    [InlineData(new[] { "--model", "bsrn", "--scale", "5" }, "--scale 5: bsrn has no x5 model; pass --scale 2, 3 or 4")]
    [InlineData(new[] { "--model", "bsrn-s", "--scale", "2" }, "--scale 2: bsrn-s has no x2 model; pass --scale 4")]
    [InlineData(new[] { "--model", "bicubic", "--batch", "0" }, "--batch must be 1 or more")]
    [InlineData(new[] { "--model", "bicubic", "--tile", "8", "--tile-overlap", "16" }, "--tile-overlap (16) must be smaller than --tile (8); try --tile 64")]
    [InlineData(new[] { "--model", "bicubic", "--scale", "0" }, "--scale must be")]
    [InlineData(new[] { "--model", "bicubic", "--infer-threads", "-1" }, "--infer-threads must be 0 (every core) or a thread count")]
    [InlineData(new[] { "--model", "bicubic", "--batch", "many" }, "'many'")]
    public void Run_BadArgument_ExitsTwoWithTheFixAndTheHelpLine(string[] arguments, string says)
    {
        string output = _out.File("out.mp4");
        var input = Hashed(_clips.Good);
        CliResult result = BsrnCli.Run([_clips.Good, output, .. arguments]);
        AssertCleanFailure(result, 2, string.Empty, says, output, input);
    }

    [Fact]
    public void Run_MissingOutputArgument_ExitsTwoWithTheHelpLine()
    {
        CliResult result = BsrnCli.Run([_clips.Good]);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("Run 'bsrn-video --help' for usage.", result.ErrorLines[^1]);
        Assert.All(result.ErrorLines.SkipLast(1), l => Assert.StartsWith("error: ", l, StringComparison.Ordinal));
    }
}
