using System.Diagnostics;

namespace BsrnVideo.Tests.TestUtilities;

/// <summary>Runs a command-line tool (the ffmpeg/ffprobe CLIs, gcc) and returns its output; throws with stderr on failure.</summary>
internal static class ExternalTool
{
    public static string Run(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        ProcessResult result = TryRun(fileName, arguments, timeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.StandardError}");
        }

        return result.StandardOutput;
    }

    public static ProcessResult TryRun(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish in time.");
        }

        return new ProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    public static string Ffmpeg(params string[] arguments) =>
        Run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", .. arguments]);
}

internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);
