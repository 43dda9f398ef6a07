using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BsrnVideo.Pipeline;

/// <summary>
/// The pipeline's instruments (meter <c>BsrnVideo.Pipeline</c>, OpenTelemetry naming), shared by the CLI and the
/// service. Also keeps a per-stage latency sample for the CLI's end-of-run summary.
/// </summary>
public sealed class PipelineMetrics : IDisposable
{
    public const string MeterName = "BsrnVideo.Pipeline";

    /// <summary>Stage names, also the values of the <c>stage</c> attribute.</summary>
    public static readonly IReadOnlyList<string> StageNames = ["demux", "decode", "to_tensor", "infer", "from_tensor", "encode", "mux"];

    private static readonly double[] s_secondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter _meter;
    private readonly Histogram<double> _stageDuration;
    private readonly Counter<long> _stageFrames;
    private readonly Counter<long> _framesDropped;
    private readonly Histogram<long> _batchSize;
    private readonly Histogram<double> _frameLatency;
    private readonly Dictionary<string, LatencySample> _samples;
    private readonly Lock _queueGate = new();
    private readonly List<Func<IEnumerable<Measurement<long>>>> _queueSources = [];

    public PipelineMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _stageDuration = _meter.CreateHistogram<double>(
            "bsrn.stage.duration", "s", "Time a pipeline stage spends on one item (frame, packet or batch).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_secondsBuckets });
        _stageFrames = _meter.CreateCounter<long>("bsrn.stage.frames", "{frame}", "Items a stage has finished.");
        _framesDropped = _meter.CreateCounter<long>("bsrn.frames.dropped", "{frame}", "Frames dropped or skipped, by stage and reason.");
        _batchSize = _meter.CreateHistogram<long>(
            "bsrn.infer.batch.size", "{frame}", "Frames per inference call.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32] });
        _frameLatency = _meter.CreateHistogram<double>(
            "bsrn.frame.latency", "s", "Time from a frame leaving the decoder to its packet leaving the encoder.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_secondsBuckets });
        _meter.CreateObservableUpDownCounter("bsrn.stage.queue.size", ObserveQueues, "{frame}", "Items waiting in front of a stage.");
        _samples = StageNames.ToDictionary(n => n, _ => new LatencySample(4096), StringComparer.Ordinal);
    }

    public Meter Meter => _meter;

    /// <summary>Records one item's time in <paramref name="stage"/> since <paramref name="startTimestamp"/> (a Stopwatch timestamp).</summary>
    public void StageCompleted(string stage, long startTimestamp, int items = 1)
    {
        double seconds = Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
        if (_stageDuration.Enabled)
        {
            _stageDuration.Record(seconds, new KeyValuePair<string, object?>("stage", stage));
        }

        if (_stageFrames.Enabled)
        {
            _stageFrames.Add(items, new KeyValuePair<string, object?>("stage", stage));
        }

        if (_samples.TryGetValue(stage, out LatencySample? sample))
        {
            sample.Add(seconds);
        }
    }

    public void FrameDropped(string stage, string reason)
    {
        if (_framesDropped.Enabled)
        {
            _framesDropped.Add(1, new KeyValuePair<string, object?>("stage", stage), new KeyValuePair<string, object?>("reason", reason));
        }
    }

    public void BatchRun(int size, string provider)
    {
        if (_batchSize.Enabled)
        {
            _batchSize.Record(size, new KeyValuePair<string, object?>("provider", provider));
        }
    }

    public void FrameEncoded(long decodedAtTimestamp)
    {
        if (_frameLatency.Enabled && decodedAtTimestamp != 0)
        {
            _frameLatency.Record(Stopwatch.GetElapsedTime(decodedAtTimestamp).TotalSeconds);
        }
    }

    /// <summary>Registers a queue-depth source (the runner's channels) for <c>bsrn.stage.queue.size</c>; dispose to remove.</summary>
    public IDisposable ObserveQueue(Func<IEnumerable<Measurement<long>>> source)
    {
        lock (_queueGate)
        {
            _queueSources.Add(source);
        }

        return new QueueRegistration(this, source);
    }

    /// <summary>p50/p95 of a stage's recent item times, in seconds; null when the stage saw no items.</summary>
    public (double P50, double P95, long Count)? Percentiles(string stage) =>
        _samples.TryGetValue(stage, out LatencySample? sample) ? sample.Percentiles() : null;

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> ObserveQueues()
    {
        Func<IEnumerable<Measurement<long>>>[] sources;
        lock (_queueGate)
        {
            sources = [.. _queueSources];
        }

        return sources.SelectMany(s => s());
    }

    private sealed class QueueRegistration(PipelineMetrics owner, Func<IEnumerable<Measurement<long>>> source) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._queueGate)
            {
                owner._queueSources.Remove(source);
            }
        }
    }
}
