namespace BsrnVideo.Service;

/// <summary>
/// The service's settings, section <c>BsrnVideo</c> of the usual .NET configuration (appsettings.json, environment
/// variables such as <c>BsrnVideo__MaxJobs=4</c>, command-line flags). The API token may also come from
/// <c>BSRN_VIDEO_API_TOKEN</c>.
/// </summary>
public sealed class ServiceOptions
{
    public const string Section = "BsrnVideo";

    public const string TokenVariable = "BSRN_VIDEO_API_TOKEN";

    /// <summary>Bearer token the jobs API requires. None: the API is open and the service listens on loopback only.</summary>
    public string? ApiToken { get; set; }

    /// <summary>The only folder local files (inputs and file outputs) may come from; none: local files are refused.</summary>
    public string? MediaRoot { get; set; }

    /// <summary>Where HLS outputs are written, one folder per job, served at <c>/hls/{id}/index.m3u8</c>.</summary>
    public string HlsRoot { get; set; } = Path.Combine(Path.GetTempPath(), "bsrn-video-hls");

    /// <summary>Jobs that may run at once; one more gets 429.</summary>
    public int MaxJobs { get; set; } = 2;

    /// <summary>Largest input picture, in pixels (default 1920x1080).</summary>
    public long MaxInputPixels { get; set; } = 1920L * 1080;

    public IList<string> InputSchemes { get; } = ["udp", "rtp", "srt", "rtmp", "http", "https", "file"];

    public IList<string> OutputSchemes { get; } = ["udp", "srt", "rtmp", "file"];

    /// <summary>Require the token on <c>/metrics</c> too (Prometheus then needs <c>authorization</c> in its scrape config).</summary>
    public bool ProtectMetrics { get; set; }

    /// <summary>Require the token on <c>/hls/</c> (players must then send it).</summary>
    public bool ProtectHls { get; set; }

    public string DefaultModel { get; set; } = "bsrn";

    public int DefaultScale { get; set; } = 4;

    public string DefaultDevice { get; set; } = "auto";

    /// <summary><c>drop</c> or <c>bicubic</c>: what jobs do when inference falls behind, unless the job says.</summary>
    public string Overload { get; set; } = "drop";

    public double HlsSegmentSeconds { get; set; } = 2;

    /// <summary>Segments kept in a live playlist (older ones are deleted); 0 keeps every segment.</summary>
    public int HlsListSize { get; set; } = 6;

    /// <summary>
    /// How long an upscaler (its ONNX Runtime sessions) is kept after its job ended, for the next job with the same
    /// model, scale and device; zero disposes it at once.
    /// </summary>
    public TimeSpan UpscalerIdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a stop may take to drain before the job is aborted.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
