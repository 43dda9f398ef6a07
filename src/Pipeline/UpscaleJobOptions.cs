using BsrnVideo.Encode;

namespace BsrnVideo.Pipeline;

/// <summary>Everything one offline upscaling job needs besides the upscaler itself.</summary>
public sealed record UpscaleJobOptions
{
    /// <summary>A file path or any URL libavformat opens.</summary>
    public required string Input { get; init; }

    public required string Output { get; init; }

    /// <summary>Replace an existing output file (<c>-y</c>).</summary>
    public bool Overwrite { get; init; }

    /// <summary>Frames per inference call.</summary>
    public int Batch { get; init; } = 1;

    public EncoderSettings Encoder { get; init; } = new();

    /// <summary>Container muxer name (<c>-f</c>); null: from the output's extension.</summary>
    public string? Format { get; init; }

    public bool NoAudio { get; init; }

    public bool NoSubtitles { get; init; }

    /// <summary>null: copy audio as is; "aac": re-encode every audio stream to AAC (for containers that cannot hold the original).</summary>
    public string? AudioCodec { get; init; }

    /// <summary>Stop at the first damaged packet instead of skipping it.</summary>
    public bool Strict { get; init; }

    /// <summary>Largest output picture, in pixels, before the job refuses (guards memory; raise or tile).</summary>
    public long MaxOutputPixels { get; init; } = 7680L * 4320;

    /// <summary>Options for opening the input (libavformat's -key value pairs).</summary>
    public IReadOnlyDictionary<string, string>? InputOptions { get; init; }

    /// <summary>Decoder threads; 0 = FFmpeg picks.</summary>
    public int DecoderThreads { get; init; }
}
