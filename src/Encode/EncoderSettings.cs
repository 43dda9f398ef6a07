namespace BsrnVideo.Encode;

/// <summary>What the user asked of the video encoder (<c>-c:v</c>, <c>--crf</c>, <c>--preset</c>, <c>--pix-fmt</c>).</summary>
public sealed record EncoderSettings
{
    /// <summary>FFmpeg encoder name (libx264, libx265, libsvtav1, libvpx-vp9, h264_nvenc, png, ...); null: chosen from the container.</summary>
    public string? Codec { get; init; }

    public int? Crf { get; init; }

    public string? Preset { get; init; }

    /// <summary>Output pixel format; null: follows the input (10-bit stays 10-bit where the encoder can).</summary>
    public string? PixelFormat { get; init; }

    /// <summary>
    /// Priority of the encoder's own worker threads. Low (nice 10, the default) keeps a fair share of a contended
    /// CPU; Idle fills only the gaps the network's operators leave, which hides the encoder best when the job has
    /// the machine to itself but starves it behind any other busy program (both measured in docs/inference.md).
    /// </summary>
    public EncoderThreadPriority ThreadPriority { get; init; } = EncoderThreadPriority.Low;

    /// <summary>Further encoder options, passed to FFmpeg as -key value pairs.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
}
