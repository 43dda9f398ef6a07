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
    /// Run the encoder's own worker threads at a lower scheduling priority, so that on a CPU busy with inference
    /// they fill the gaps instead of competing with the network (see <see cref="BackgroundThreadScope"/>).
    /// </summary>
    public bool BackgroundThreads { get; init; } = true;

    /// <summary>Further encoder options, passed to FFmpeg as -key value pairs.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
}
