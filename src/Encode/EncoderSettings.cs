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
    /// Priority of the encoder's own worker threads. On a CPU busy with inference, idle-priority workers fill the
    /// gaps the network's operators leave instead of preempting them (one preempted ORT worker holds up every
    /// other one at the next barrier); measured in docs/inference.md.
    /// </summary>
    public EncoderThreadPriority ThreadPriority { get; init; } = EncoderThreadPriority.Idle;

    /// <summary>Further encoder options, passed to FFmpeg as -key value pairs.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
}
