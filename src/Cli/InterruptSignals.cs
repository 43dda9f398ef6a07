using System.Runtime.InteropServices;

namespace BsrnVideo.Cli;

/// <summary>
/// Ctrl+C / SIGTERM while a job runs: the first signal asks for a graceful stop (the job flushes the encoder and
/// keeps a playable partial file); a second one exits at once with code 130, removing the unfinished file.
/// </summary>
internal sealed class InterruptSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;
    private readonly string _partialPath;
    private readonly TextWriter _error;

    /// <param name="output">The job's output path (its temporary <c>.partial</c> twin is what a hard exit removes).</param>
    public InterruptSignals(string output, TextWriter error)
    {
        ArgumentException.ThrowIfNullOrEmpty(output);
        _partialPath = Path.GetFullPath(output) + ".partial";
        _error = error;
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (!_stop.IsCancellationRequested)
        {
            _error.WriteLine();
            _error.WriteLine("stopping: finishing the frames already upscaled (press Ctrl+C again to quit at once)...");
            _stop.Cancel();
            return;
        }

        try
        {
            File.Delete(_partialPath);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        _error.WriteLine("interrupted.");
        Environment.Exit(ExitCodes.Interrupted);
    }
}
