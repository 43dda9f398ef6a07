namespace BsrnVideo.Infer;

/// <summary>Which upscaler to build and how (the CLI's and the service's model options).</summary>
public sealed record UpscalerRequest
{
    /// <summary><c>bsrn</c>, <c>bsrn-s</c>, <c>bicubic</c>, or a path to an .onnx file.</summary>
    public string Model { get; init; } = "bsrn";

    public int Scale { get; init; } = 4;

    /// <summary>Explicit checkpoint file, bypassing the model lookup.</summary>
    public string? Checkpoint { get; init; }

    /// <summary><c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; init; } = "auto";

    public bool Fp16 { get; init; }

    public int Tile { get; init; }

    public int TileOverlap { get; init; } = 16;

    public int Batch { get; init; } = 1;

    /// <summary>
    /// Frames upscaled side by side on the CPU, each by its own single-threaded session (see
    /// <see cref="Onnx.OnnxUpscalerOptions.ParallelFrames"/>); 0: as many as the batch and the cores allow; 1: one session using every core.
    /// </summary>
    public int ParallelFrames { get; init; }

    /// <summary>
    /// CPU threads the network may use; 0: every core. Fewer leaves cores to the decoder and encoder (and to other
    /// programs): the pipeline then hides them fully, at the network's lower rate.
    /// </summary>
    public int InferThreads { get; init; }

    /// <summary>ORT CPU worker threads spin between operators (null: the upscaler's default).</summary>
    public bool? AllowSpinning { get; init; }

    /// <summary>Log the full reason a device was chosen (e.g. why CUDA could not start).</summary>
    public bool Verbose { get; init; }
}
