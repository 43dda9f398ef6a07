using System.Text.Json.Serialization;

namespace BsrnVideo.Service.Jobs;

/// <summary>The body of <c>POST /v1/jobs</c>. Unknown fields are refused (400 naming the field).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class CreateJobRequest
{
    /// <summary>udp://, rtp://, srt://, rtmp://, http(s):// URL, or a file (file:// or a path) inside the media root.</summary>
    public string? Input { get; init; }

    /// <summary><c>hls</c> (default: served at /hls/{id}/index.m3u8), an udp/srt/rtmp URL, or a file inside the media root.</summary>
    public string? Output { get; init; }

    /// <summary>Upscaling factor (default: the service's, 4).</summary>
    public int? Scale { get; init; }

    /// <summary>bsrn, bsrn-s or bicubic (default: the service's).</summary>
    public string? Model { get; init; }

    /// <summary>auto, cpu, cuda or cuda:N.</summary>
    public string? Device { get; init; }

    /// <summary>Frames per inference call (1-64).</summary>
    public int? Batch { get; init; }

    public LiveSettings? Live { get; init; }

    public EncoderRequest? Encoder { get; init; }
}

/// <summary>How the job behaves as a live stream.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class LiveSettings
{
    /// <summary><c>drop</c> (drop the oldest frames waiting for inference) or <c>bicubic</c> (upscale those with bicubic).</summary>
    public string? Overload { get; init; }

    /// <summary>Frames that may wait in front of inference (1-256); bounds the latency.</summary>
    public int? QueueFrames { get; init; }

    /// <summary>Release frames by their timestamps (default true).</summary>
    public bool? Pace { get; init; }

    /// <summary>Reopen the input with backoff when it drops (default true).</summary>
    public bool? Reconnect { get; init; }

    /// <summary>Pass the input's audio through (default true).</summary>
    public bool? Audio { get; init; }

    /// <summary>HLS segment length in seconds (0.5-30).</summary>
    public double? HlsSegmentSeconds { get; init; }

    /// <summary>Segments kept in the live playlist (0-1000; 0 keeps all).</summary>
    public int? HlsListSize { get; init; }
}

/// <summary>Video encoder settings.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class EncoderRequest
{
    /// <summary>FFmpeg encoder name (default libx264).</summary>
    public string? Codec { get; init; }

    /// <summary>Constant quality (0-63).</summary>
    public int? Crf { get; init; }

    /// <summary>Encoder preset (x264: ultrafast ... veryslow; default veryfast).</summary>
    public string? Preset { get; init; }
}
