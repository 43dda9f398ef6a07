using BsrnVideo.Infer.Graph;

namespace BsrnVideo.Infer.Onnx;

/// <summary>Settings of an <see cref="OnnxUpscaler"/>.</summary>
public sealed record OnnxUpscalerOptions
{
    /// <summary><c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>auto</c> (CUDA if it loads, else CPU).</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Float16 BSRN graph; null: float16 on CUDA, float32 on CPU. Ignored for foreign .onnx models.</summary>
    public bool? Fp16 { get; init; }

    /// <summary>Tile side in input pixels; 0 runs whole frames.</summary>
    public int TileSize { get; init; }

    /// <summary>With <see cref="TileSize"/> 0: tile anyway when a frame's activations would not fit in memory.</summary>
    public bool AutoTile { get; init; } = true;

    /// <summary>Overlap between neighbouring tiles in input pixels, blended with a linear feather.</summary>
    public int TileOverlap { get; init; } = 16;

    /// <summary>Tiles run per inference call.</summary>
    public int TileBatchSize { get; init; } = 4;

    /// <summary>CPU threads for one inference; 0 = every core.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// Let ORT's CPU worker threads spin between operators (ORT's default). On a quiet machine turning it off
    /// roughly halves the speed (the second thread sleeps through most of the ~400 short operators); on a machine
    /// saturated by other processes turning it off was faster. Measured in docs/inference.md.
    /// </summary>
    public bool AllowSpinning { get; init; } = true;

    /// <summary>
    /// Folder for ORT's optimised CPU models (created if needed); null: no cache. The product passes its cache
    /// folder, e.g. <c>~/.cache/bsrn-video/ort</c>.
    /// </summary>
    public string? OptimizedModelCacheDirectory { get; init; }

    /// <summary>
    /// Open one ORT session per input shape (batch, height, width) with every dimension fixed, for BSRN graphs.
    /// Costs one session initialisation per new shape (a video has one); lets ORT fuse more (measured in
    /// docs/inference.md).
    /// </summary>
    public bool SpecializeShapes { get; init; } = true;

    /// <summary>
    /// CPU only: run up to this many frames of a batch at the same time, each in its own shape-specialised session
    /// with an equal share of <see cref="IntraOpThreads"/> (frame-level instead of operator-level parallelism; see
    /// docs/inference.md). 1 = one session uses every thread on one batch. With more than 1, single frames and tiles
    /// run on one lane with its share of the threads only, so use it with batches of at least this many frames.
    /// </summary>
    public int ParallelFrames { get; init; } = 1;

    /// <summary>Graph options for BSRN checkpoints; null: <see cref="BsrnGraphOptions.Product"/> with <see cref="Fp16"/> applied.</summary>
    public BsrnGraphOptions? Graph { get; init; }
}
