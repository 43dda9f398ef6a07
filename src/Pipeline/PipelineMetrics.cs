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
    private readonly PipelineMetrics? _parent;
    private readonly string? _job;
    private readonly LatencySample _frameLatencySample = new(4096);

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

    /// <summary>
    /// A view over the same instruments whose measurements also carry <c>job</c> = <paramref name="job"/> (the
    /// service's live jobs: one value per job id, which the issue asks for), with its own latency samples.
    /// Disposing the view does not dispose the meter.
    /// </summary>
    public PipelineMetrics ForJob(string job)
    {
        ArgumentException.ThrowIfNullOrEmpty(job);
        return new PipelineMetrics(_parent ?? this, job);
    }

    private PipelineMetrics(PipelineMetrics parent, string job)
    {
        _parent = parent;
        _job = job;
        _meter = parent._meter;
        _stageDuration = parent._stageDuration;
        _stageFrames = parent._stageFrames;
        _framesDropped = parent._framesDropped;
        _batchSize = parent._batchSize;
        _frameLatency = parent._frameLatency;
        _samples = StageNames.ToDictionary(n => n, _ => new LatencySample(1024), StringComparer.Ordinal);
    }

    public Meter Meter => _meter;

    /// <summary>The <c>job</c> attribute of a view made by <see cref="ForJob"/>; null otherwise.</summary>
    public string? Job => _job;

    /// <summary>Records one item's time in <paramref name="stage"/> since <paramref name="startTimestamp"/> (a Stopwatch timestamp).</summary>
    public void StageCompleted(string stage, long startTimestamp, int items = 1)
    {
        double seconds = Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
        if (_stageDuration.Enabled)
        {
            _stageDuration.Record(seconds, Tags("stage", stage));
        }

        if (_stageFrames.Enabled)
        {
            _stageFrames.Add(items, Tags("stage", stage));
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
            TagList tags = Tags("stage", stage);
            tags.Add("reason", reason);
            _framesDropped.Add(1, tags);
        }
    }

    public void BatchRun(int size, string provider)
    {
        if (_batchSize.Enabled)
        {
            _batchSize.Record(size, Tags("provider", provider));
        }
    }

    public void FrameEncoded(long decodedAtTimestamp)
    {
        if (decodedAtTimestamp == 0)
        {
            return;
        }

        double seconds = Stopwatch.GetElapsedTime(decodedAtTimestamp).TotalSeconds;
        _frameLatencySample.Add(seconds);
        if (_frameLatency.Enabled)
        {
            TagList tags = default;
            if (_job is not null)
            {
                tags.Add("job", _job);
            }

            _frameLatency.Record(seconds, tags);
        }
    }

    /// <summary>Registers a queue-depth source (the runner's channels) for <c>bsrn.stage.queue.size</c>; dispose to remove.</summary>
    public IDisposable ObserveQueue(Func<IEnumerable<Measurement<long>>> source)
    {
        if (_parent is not null)
        {
            return _parent.ObserveQueue(source);
        }

        lock (_queueGate)
        {
            _queueSources.Add(source);
        }

        return new QueueRegistration(this, source);
    }

    /// <summary>One <c>bsrn.stage.queue.size</c> measurement: items waiting in <paramref name="reader"/> in front of <paramref name="stage"/>.</summary>
    public Measurement<long> QueueDepth<T>(System.Threading.Channels.ChannelReader<T> reader, string stage)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Job is { } job
            ? new(reader.Count, new KeyValuePair<string, object?>("stage", stage), new KeyValuePair<string, object?>("job", job))
            : new(reader.Count, new KeyValuePair<string, object?>("stage", stage));
    }

    /// <summary>p50/p95 of a stage's recent item times, in seconds; null when the stage saw no items.</summary>
    public (double P50, double P95, long Count)? Percentiles(string stage) =>
        _samples.TryGetValue(stage, out LatencySample? sample) ? sample.Percentiles() : null;

    /// <summary>p50/p95/p99 of the recent decode-to-packet frame latencies, in seconds; null before the first frame.</summary>
    public (double P50, double P95, double P99, long Count)? FrameLatencyPercentiles() => _frameLatencySample.Quantiles();

    public void Dispose()
    {
        if (_parent is null)
        {
            _meter.Dispose();
        }
    }

    private TagList Tags(string key, string value)
    {
        var tags = new TagList { { key, value } };
        if (_job is not null)
        {
            tags.Add("job", _job);
        }

        return tags;
    }

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
