using BsrnVideo.Encode;

namespace BsrnVideo.Pipeline.Live;

/// <summary>What to do with frames when inference falls behind the input.</summary>
public enum OverloadPolicy
{
    /// <summary>Drop the oldest frames waiting for inference (counted in <c>bsrn.frames.dropped</c>).</summary>
    Drop,

    /// <summary>Upscale with bicubic while the queue in front of inference is full; drop only if even that falls behind.</summary>
    Bicubic,
}

/// <summary>Everything one live job needs besides the upscaler: where from, where to, and how to behave under load.</summary>
public sealed record LiveJobOptions
{
    /// <summary>Any URL libavformat reads (udp://, rtp://, srt://, rtmp://, http(s)://) or a local file.</summary>
    public required string Input { get; init; }

    /// <summary>Where the output goes: a URL, a file, or an HLS playlist path (with <see cref="Format"/> = hls).</summary>
    public required string Output { get; init; }

    /// <summary>Muxer name (hls, mpegts, flv, mp4...); null: from the output's extension.</summary>
    public string? Format { get; init; }

    /// <summary>The muxer's own options (for hls: hls_time, hls_list_size, hls_flags, hls_segment_filename).</summary>
    public IReadOnlyDictionary<string, string>? MuxerOptions { get; init; }

    /// <summary>Options for opening the input (libavformat's -key value pairs); live defaults are added for network inputs.</summary>
    public IReadOnlyDictionary<string, string>? InputOptions { get; init; }

    /// <summary>Encoder settings; live defaults: libx264, preset veryfast, tune zerolatency, a keyframe every 2 s.</summary>
    public EncoderSettings Encoder { get; init; } = new();

    /// <summary>Frames per inference call.</summary>
    public int Batch { get; init; } = 1;

    /// <summary>Frames that may wait in front of inference before the oldest is dropped (at least <see cref="Batch"/>).</summary>
    public int QueueFrames { get; init; } = 4;

    public OverloadPolicy Overload { get; init; } = OverloadPolicy.Drop;

    /// <summary>Release frames no faster than their timestamps (a file input plays in real time; bursts are smoothed).</summary>
    public bool Pace { get; init; } = true;

    /// <summary>Reopen the input when it fails or goes quiet, with exponential backoff.</summary>
    public bool Reconnect { get; init; } = true;

    public TimeSpan ReconnectDelayMin { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan ReconnectDelayMax { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>A network input that sends nothing for this long counts as dropped.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public bool NoAudio { get; init; }

    /// <summary>Largest input picture, in pixels; a larger input fails the job.</summary>
    public long MaxInputPixels { get; init; } = 1920L * 1080;

    /// <summary>Largest output picture, in pixels.</summary>
    public long MaxOutputPixels { get; init; } = 7680L * 4320;

    /// <summary>Decoder threads; 1 keeps the decoder from holding frames back (frame threading adds a frame of delay per thread).</summary>
    public int DecoderThreads { get; init; } = 1;
}
