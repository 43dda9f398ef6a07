using System.Diagnostics.Metrics;
using BsrnVideo.Service.Jobs;

namespace BsrnVideo.Service;

/// <summary>
/// The service's own instruments (meter <c>BsrnVideo.Service</c>): active sessions, each job's output frame rate
/// and the device its inference runs on. The <c>job</c> attribute is the job's id (bounded by the job limit).
/// </summary>
public sealed class ServiceMetrics : IDisposable
{
    public const string MeterName = "BsrnVideo.Service";

    private readonly Meter _meter;
    private readonly UpDownCounter<long> _sessions;
    private JobManager? _jobs;

    public ServiceMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _sessions = _meter.CreateUpDownCounter<long>("bsrn.sessions.active", "{session}", "Jobs the service holds.");
        _meter.CreateObservableGauge("bsrn.job.fps", ObserveFps, "{frame}/s", "Output frames per second of each job over the last few seconds.");
        _meter.CreateObservableGauge("bsrn.job.input.fps", ObserveInputFps, "{frame}/s", "Input frames per second of each job over the last few seconds.");
        _meter.CreateObservableGauge("bsrn.infer.device", ObserveDevices, "{job}", "Jobs by the device their inference runs on (cpu, cuda, swscale).");
    }

    internal void Attach(JobManager jobs) => _jobs = jobs;

    public void SessionStarted() => _sessions.Add(1);

    public void SessionEnded() => _sessions.Add(-1);

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<double>> ObserveFps() =>
        (_jobs?.Sessions ?? []).Where(s => s.IsActive).Select(s => new Measurement<double>(s.OutputFps, new KeyValuePair<string, object?>("job", s.Id)));

    private IEnumerable<Measurement<double>> ObserveInputFps() =>
        (_jobs?.Sessions ?? []).Where(s => s.IsActive).Select(s => new Measurement<double>(s.InputFps, new KeyValuePair<string, object?>("job", s.Id)));

    private IEnumerable<Measurement<long>> ObserveDevices() =>
        (_jobs?.Sessions ?? []).Where(s => s.IsActive).GroupBy(s => s.Job.Device, StringComparer.Ordinal)
            .Select(g => new Measurement<long>(g.LongCount(), new KeyValuePair<string, object?>("device", g.Key)));
}
