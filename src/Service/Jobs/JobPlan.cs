using BsrnVideo.Infer;
using BsrnVideo.Pipeline.Live;

namespace BsrnVideo.Service.Jobs;

/// <summary>A checked job request: what the job will open and write, and the upscaler to build.</summary>
public sealed record JobPlan
{
    public required string Id { get; init; }

    /// <summary>The input shown to users (no password).</summary>
    public required string DisplayInput { get; init; }

    public required string DisplayOutput { get; init; }

    /// <summary>The HLS playlist's path on this service; null for other outputs.</summary>
    public string? HlsPath { get; init; }

    /// <summary>The job's HLS folder on disk; null for other outputs.</summary>
    public string? HlsFolder { get; init; }

    public required UpscalerRequest Upscaler { get; init; }

    /// <summary>The live job's options, without the size limits (set by the manager).</summary>
    public required LiveJobOptions Live { get; init; }
}
