using BsrnVideo.Frames;

namespace BsrnVideo.Infer;

/// <summary>
/// What the pipeline calls with a batch of frames. Implementations: the BSRN network through ONNX Runtime and a
/// bicubic swscale upscaler (the quality floor). Not thread-safe: one stage owns one upscaler.
/// </summary>
public interface IUpscaler : IDisposable
{
    /// <summary>Short name for logs and the summary, e.g. <c>bsrn-x4</c> or <c>bicubic-x4</c>.</summary>
    string Name { get; }

    /// <summary>Execution provider for metrics: <c>cpu</c>, <c>cuda</c> or <c>swscale</c>.</summary>
    string Provider { get; }

    int Scale { get; }

    /// <summary>
    /// Upscales each input into the output at the same position. All inputs share one size; each output is
    /// exactly <see cref="Scale"/> times that size. Timing fields are copied from input to output.
    /// </summary>
    void Upscale(ReadOnlySpan<RgbFrame> inputs, ReadOnlySpan<RgbFrame> outputs, CancellationToken cancellationToken);
}
