using System.Collections.Concurrent;
using BsrnVideo.Infer;
using BsrnVideo.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BsrnVideo.Service.Jobs;

/// <summary>
/// Owns the service's jobs: creates them within the job limit, samples their rates once a second, stops them on
/// request, and on shutdown stops intake of every job and waits for their outputs to be finalised.
/// </summary>
public sealed class JobManager : BackgroundService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, StreamSession> _sessions = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _createGate = new(1, 1);
    private readonly ServiceOptions _options;
    private readonly PipelineMetrics _metrics;
    private readonly ServiceMetrics _serviceMetrics;
    private readonly ILogger<JobManager> _logger;
    private readonly UpscalerPool _upscalers;

    public JobManager(IOptions<ServiceOptions> options, PipelineMetrics metrics, ServiceMetrics serviceMetrics, ILogger<JobManager> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _metrics = metrics;
        _serviceMetrics = serviceMetrics;
        _logger = logger;
        _upscalers = new UpscalerPool(UpscalerFactory.CreateAsync, _options.UpscalerIdleTimeout);
        serviceMetrics.Attach(this);
    }

    public IEnumerable<StreamSession> Sessions => _sessions.Values.OrderBy(s => s.CreatedAt);

    public int ActiveCount => _sessions.Values.Count(s => s.IsActive);

    public StreamSession? Find(string id) => _sessions.GetValueOrDefault(id);

    /// <summary>Builds the upscaler and starts the job.</summary>
    /// <exception cref="JobLimitException">As many jobs as allowed are running.</exception>
    /// <exception cref="InferenceException">The model cannot be loaded.</exception>
    public async Task<StreamSession> CreateAsync(JobPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        await _createGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            int active = ActiveCount;
            if (active >= _options.MaxJobs)
            {
                throw new JobLimitException($"This service runs at most {_options.MaxJobs} job(s) at once and {active} are running; stop one (DELETE /v1/jobs/{{id}}) or try later.");
            }

            UpscalerLease upscaler = await _upscalers.RentAsync(plan.Upscaler, message => ServiceLog.JobLog(_logger, plan.Id, message), cancellationToken).ConfigureAwait(false);
            StreamSession session;
            try
            {
                session = new StreamSession(plan, upscaler, _metrics.ForJob(plan.Id), _logger);
            }
            catch
            {
                upscaler.Dispose();
                throw;
            }

            _sessions[plan.Id] = session;
            session.Start();
            _serviceMetrics.SessionStarted();
            ServiceLog.JobCreated(_logger, plan.Id, plan.DisplayInput, plan.DisplayOutput, upscaler.Upscaler.Name);
            return session;
        }
        finally
        {
            _createGate.Release();
        }
    }

    /// <summary>Stops the job (output finalised), forgets it and returns its last status; null when unknown.</summary>
    public async Task<JobStatus?> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        if (!_sessions.TryGetValue(id, out StreamSession? session))
        {
            return null;
        }

        await session.StopAsync(_options.StopTimeout, cancellationToken).ConfigureAwait(false);
        JobStatus status = session.Snapshot();
        if (_sessions.TryRemove(id, out _))
        {
            _serviceMetrics.SessionEnded();
            await session.DisposeAsync().ConfigureAwait(false);
        }

        return status;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        StreamSession[] all = [.. _sessions.Values];
        int active = all.Count(s => s.IsActive);
        ServiceLog.ShuttingDown(_logger, active);
        await Task.WhenAll(all.Select(s => s.StopAsync(_options.StopTimeout, cancellationToken))).ConfigureAwait(false);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (StreamSession session in _sessions.Values)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }

        _sessions.Clear();
        _upscalers.Dispose();
        _createGate.Dispose();
        Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (StreamSession session in _sessions.Values)
                {
                    session.Sample();
                }

                _upscalers.Trim();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
