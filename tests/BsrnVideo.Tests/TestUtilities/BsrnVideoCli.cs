namespace BsrnVideo.Tests.TestUtilities;

/// <summary>
/// The CLI tests' short form of <see cref="BsrnCli.Run"/>: runs the built <c>bsrn-video</c> as its own process and
/// returns exit code, stdout and stderr.
/// </summary>
internal static class BsrnVideoCli
{
    public static ProcessResult Run(params string[] arguments)
    {
        CliResult result = BsrnCli.Run(arguments, TimeSpan.FromMinutes(2));
        return new ProcessResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
