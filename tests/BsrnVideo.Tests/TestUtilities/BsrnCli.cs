using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace BsrnVideo.Tests.TestUtilities;

/// <summary>
/// Runs the real, built <c>bsrn-video</c> (the CLI project's dll, copied beside this test assembly) as a child
/// process: <c>dotnet bsrn-video.dll ...</c>. A native crash shows as a signal exit code (134 abort, 139 segfault).
/// </summary>
internal static partial class BsrnCli
{
    public const int SIGINT = 2;
    public const int SIGTERM = 15;

    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "bsrn-video.dll");

    public static CliResult Run(IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        using CliProcess process = Start(arguments);
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(90)))
        {
            process.Kill();
            throw new TimeoutException($"bsrn-video {string.Join(' ', arguments)} did not finish in time; stderr so far: {process.StandardError}");
        }

        return process.Result;
    }

    /// <param name="defaultSignals">
    /// Start with SIGINT and SIGTERM at their default disposition. A test host started in the background (a CI
    /// script's <c>cmd &amp;</c>) has SIGINT ignored, children inherit that, and .NET, like any well-behaved program,
    /// leaves an ignored SIGINT ignored; coreutils' <c>env --default-signal</c> undoes it and then execs (same pid).
    /// </param>
    public static CliProcess Start(IEnumerable<string> arguments, bool defaultSignals = false)
    {
        var info = new ProcessStartInfo(defaultSignals ? "env" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (defaultSignals)
        {
            info.ArgumentList.Add("--default-signal=INT,TERM");
            info.ArgumentList.Add("dotnet");
        }

        info.ArgumentList.Add(DllPath);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        if (Environment.GetEnvironmentVariable("BSRN_VIDEO_MODELS") is null)
        {
            info.Environment["BSRN_VIDEO_MODELS"] = SharedAssets.ModelsDir;
        }

        return new CliProcess(Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet."));
    }

    public static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>Sends a POSIX signal (SIGINT, SIGTERM) to a process.</summary>
    public static void Signal(int processId, int signal)
    {
        if (kill(processId, signal) != 0)
        {
            throw new InvalidOperationException($"kill({processId}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}

/// <summary>A running <c>bsrn-video</c>; stdout and stderr are collected as they come.</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public CliProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _process.StandardInput.Close();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public CliResult Result
    {
        get
        {
            _process.WaitForExit(); // flushes the redirected streams
            lock (_stdout)
            {
                return new CliResult(_process.ExitCode, _stdout.ToString(), StandardError, _clock.Elapsed);
            }
        }
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public void Signal(int signal) => BsrnCli.Signal(_process.Id, signal);

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.AppendLine(line);
        }
    }
}

/// <summary>How a <c>bsrn-video</c> run ended.</summary>
internal sealed record CliResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    /// <summary>stderr's non-blank lines.</summary>
    public IReadOnlyList<string> ErrorLines =>
        [.. StandardError.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0)];

    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalSeconds:F1} s; stderr:\n{StandardError}";
}
