using BsrnVideo.Infer;
using BsrnVideo.Pipeline;
using BsrnVideo.Pipeline.Live;
using Microsoft.Extensions.Logging;

namespace BsrnVideo.Service.Jobs;

/// <summary>
/// One job of the service: the live job, its upscaler and job-tagged metrics view, and the task running it.
/// <see cref="StopAsync"/> drains (finalised output); <see cref="DisposeAsync"/> aborts what is still running.
/// </summary>
public sealed class StreamSession : IAsyncDisposable
{
    private readonly UpscalerLease _upscaler;
    private readonly PipelineMetrics _metrics;
    private readonly CancellationTokenSource _abort = new();
    private readonly ILogger _logger;
    private readonly RateMeter _outputRate = new();
    private readonly RateMeter _inputRate = new();
    private Task _run = Task.CompletedTask;

    internal StreamSession(JobPlan plan, UpscalerLease upscaler, PipelineMetrics metrics, ILogger logger)
    {
        Plan = plan;
        _upscaler = upscaler;
        _metrics = metrics;
        _logger = logger;
        Job = new LiveJob(plan.Live, upscaler.Upscaler, metrics, message => ServiceLog.JobLog(logger, plan.Id, message));
    }

    public string Id => Plan.Id;

    public JobPlan Plan { get; }

    public LiveJob Job { get; }

    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>Still using a job slot (not ended).</summary>
    public bool IsActive => Job.State is LiveJobState.Starting or LiveJobState.Running or LiveJobState.Reconnecting or LiveJobState.Stopping;

    public double OutputFps => _outputRate.PerSecond();

    public double InputFps => _inputRate.PerSecond();

    internal void Start()
    {
        if (Plan.HlsFolder is not null)
        {
            Directory.CreateDirectory(Plan.HlsFolder);
        }

        _run = Task.Run(RunAsync, CancellationToken.None);
    }

    /// <summary>Called about once a second for the fps figures.</summary>
    internal void Sample()
    {
        _outputRate.Sample(Job.FramesOut);
        _inputRate.Sample(Job.FramesIn);
    }

    /// <summary>Stops intake and waits for the output to be finalised; aborts after <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Job.RequestStop();
        try
        {
            await _run.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            ServiceLog.JobAborted(_logger, Id, timeout);
            await _abort.CancelAsync().ConfigureAwait(false);
            await _run.ConfigureAwait(false);
        }
    }

    public JobStatus Snapshot()
    {
        LiveJob job = Job;
        var latency = _metrics.FrameLatencyPercentiles();
        return new JobStatus
        {
            Id = Id,
            State = job.State.ToString().ToLowerInvariant(),
            Input = Plan.DisplayInput,
            Output = Plan.DisplayOutput,
            Hls = Plan.HlsPath,
            Model = job.Model,
            Device = job.Device,
            Scale = _upscaler.Upscaler.Scale,
            Batch = Plan.Live.Batch,
            Overload = Plan.Live.Overload.ToString().ToLowerInvariant(),
            CreatedAt = CreatedAt,
            InputSize = job.InputFormat is { } f ? $"{f.Width}x{f.Height}" : null,
            OutputSize = job.OutputSize is { } o ? $"{o.Width}x{o.Height}" : null,
            InputFrameRate = job.InputFormat is { } g ? Math.Round(g.FramesPerSecond, 3) : null,
            FramesIn = job.FramesIn,
            FramesOut = job.FramesOut,
            FramesDropped = job.FramesDropped,
            FramesFallback = job.FallbackFrames,
            Reconnects = job.Reconnects,
            Fps = Math.Round(OutputFps, 2),
            InputFps = Math.Round(InputFps, 2),
            Latency = latency is { } l ? new LatencyStatus(Math.Round(l.P50, 4), Math.Round(l.P95, 4), Math.Round(l.P99, 4), l.Count) : null,
            LastError = job.LastError,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _abort.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException)
        {
            // Aborted on purpose.
        }

        Job.Dispose();
        _upscaler.Dispose();
        _metrics.Dispose();
        _abort.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            await Job.RunAsync(_abort.Token).ConfigureAwait(false);
            string state = Job.State.ToString().ToLowerInvariant();
            ServiceLog.JobStopped(_logger, Id, state, Job.FramesOut, Job.FramesDropped);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            ServiceLog.JobStopped(_logger, Id, "aborted", Job.FramesOut, Job.FramesDropped);
        }
#pragma warning disable CA1031 // The job's failure is its state and last error, shown by the API; the service goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            ServiceLog.JobFailed(_logger, Id, e.Message);
        }
        finally
        {
            // The job no longer runs frames: its upscaler can serve the next job while this one's status is kept.
            _upscaler.Dispose();
        }
    }
}
