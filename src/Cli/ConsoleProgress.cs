using System.Diagnostics;
using System.Globalization;

namespace BsrnVideo.Cli;

/// <summary>
/// Shows a job's progress on stderr: a redrawn bar (frames, fps, ETA) on a terminal, a plain line every few seconds
/// when stderr is a file or a pipe, nothing with --quiet.
/// </summary>
internal sealed class ConsoleProgress : IAsyncDisposable
{
    private readonly Func<long> _framesDone;
    private readonly long? _total;
    private readonly TextWriter _error;
    private readonly bool _interactive;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ConsoleProgress(Func<long> framesDone, long? total, TextWriter error, bool interactive)
    {
        _framesDone = framesDone;
        _total = total;
        _error = error;
        _interactive = interactive;
        _loop = RunAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        if (_interactive)
        {
            _error.Write('\r' + new string(' ', 78) + '\r');
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        TimeSpan period = _interactive ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(5);
        using var timer = new PeriodicTimer(period);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            string line = Describe();
            if (_interactive)
            {
                _error.Write('\r' + line.PadRight(78));
            }
            else
            {
                _error.WriteLine(line);
            }
        }
    }

    private string Describe()
    {
        long done = _framesDone();
        double seconds = _clock.Elapsed.TotalSeconds;
        double fps = seconds > 0 ? done / seconds : 0;
        var text = new System.Text.StringBuilder();
        if (_total is long total && total > 0)
        {
            double fraction = Math.Clamp((double)done / total, 0, 1);
            int filled = (int)(fraction * 24);
            if (_interactive)
            {
                text.Append('[').Append('#', filled).Append('.', 24 - filled).Append("] ");
            }

            text.Append(CultureInfo.InvariantCulture, $"{done}/{total} frames {fraction * 100:F0}% {fps:F2} fps");
            if (fps > 0 && done < total)
            {
                text.Append(CultureInfo.InvariantCulture, $" ETA {TimeSpan.FromSeconds((total - done) / fps):hh\\:mm\\:ss}");
            }
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{done} frames {fps:F2} fps");
        }

        return text.ToString();
    }
}
