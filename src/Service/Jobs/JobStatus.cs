namespace BsrnVideo.Service.Jobs;

/// <summary>A job as <c>GET /v1/jobs/{id}</c> shows it.</summary>
public sealed record JobStatus
{
    public required string Id { get; init; }

    /// <summary>starting, running, reconnecting, stopping, completed, stopped or failed.</summary>
    public required string State { get; init; }

    /// <summary>The input, with any password removed.</summary>
    public required string Input { get; init; }

    public required string Output { get; init; }

    /// <summary>The HLS playlist's path on this service, for <c>"output": "hls"</c>.</summary>
    public string? Hls { get; init; }

    public required string Model { get; init; }

    /// <summary>Where inference runs: cpu, cuda, or swscale (bicubic).</summary>
    public required string Device { get; init; }

    public required int Scale { get; init; }

    public required int Batch { get; init; }

    public required string Overload { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string? InputSize { get; init; }

    public string? OutputSize { get; init; }

    public double? InputFrameRate { get; init; }

    public long FramesIn { get; init; }

    public long FramesOut { get; init; }

    /// <summary>Frames dropped in front of inference because it fell behind.</summary>
    public long FramesDropped { get; init; }

    /// <summary>Frames upscaled by the bicubic fallback (overload = bicubic).</summary>
    public long FramesFallback { get; init; }

    public long Reconnects { get; init; }

    /// <summary>Output frames per second over the last few seconds.</summary>
    public double Fps { get; init; }

    /// <summary>Input frames per second over the last few seconds.</summary>
    public double InputFps { get; init; }

    /// <summary>Decode-to-encoded-packet latency of recent frames, in seconds; null before the first frame.</summary>
    public LatencyStatus? Latency { get; init; }

    public string? LastError { get; init; }
}

/// <summary>Latency percentiles, in seconds.</summary>
public sealed record LatencyStatus(double P50, double P95, double P99, long Frames);

/// <summary>The answer to <c>POST /v1/jobs</c>.</summary>
public sealed record JobCreated(string Id, string? Hls);
