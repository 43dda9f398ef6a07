namespace BsrnVideo.Tests.TestUtilities;

/// <summary>
/// Runs the built <c>bsrn-video</c> command as its own process (<c>dotnet bsrn-video.dll ARGS</c>; the test project
/// references the CLI project, so the dll sits beside this assembly): real exit codes, real stderr, no shared console.
/// </summary>
internal static class BsrnVideoCli
{
    public static string DllPath
    {
        get
        {
            string path = Path.Combine(AppContext.BaseDirectory, "bsrn-video.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("bsrn-video.dll is not beside the test assembly; build the solution.", path);
        }
    }

    public static ProcessResult Run(params string[] arguments)
    {
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } fromSdk && File.Exists(fromSdk) ? fromSdk : "dotnet";
        return ExternalTool.TryRun(host, [DllPath, .. arguments], TimeSpan.FromMinutes(2));
    }
}
