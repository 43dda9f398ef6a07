using System.Globalization;
using BsrnVideo.Infer.Checkpoints;
using BsrnVideo.Infer.Models;
using BsrnVideo.Infer.Onnx;

namespace BsrnVideo.Infer;

/// <summary>
/// Builds the upscaler a request names: <c>bicubic</c>; <c>bsrn</c>/<c>bsrn-s</c> (checkpoint found or downloaded
/// and verified by <see cref="ModelStore"/>, built into an ONNX graph, run by ONNX Runtime); or an .onnx file.
/// </summary>
public static class UpscalerFactory
{
    /// <summary>The scales each built-in model exists at.</summary>
    public static IReadOnlyList<int> ScalesOf(string model) => model.ToLowerInvariant() switch
    {
        "bsrn" => [2, 3, 4],
        "bsrn-s" => [4],
        _ => [],
    };

    public static bool IsBuiltIn(string model) => model.ToLowerInvariant() is "bsrn" or "bsrn-s" or "bicubic";

    public static async Task<IUpscaler> CreateAsync(UpscalerRequest request, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        string model = request.Model.ToLowerInvariant();
        if (model == "bicubic")
        {
            return new BicubicUpscaler(request.Scale);
        }

        ModelStoreOptions storeOptions = ModelStoreOptions.FromEnvironment() with { CheckpointPath = request.Checkpoint };
        var options = new OnnxUpscalerOptions
        {
            Device = request.Device,
            Fp16 = request.Fp16 ? true : null,
            TileSize = request.Tile,
            TileOverlap = request.TileOverlap,
            OptimizedModelCacheDirectory = Path.Combine(storeOptions.CacheDirectory, "ort"),
            ParallelFrames = ParallelLanes(request),
            IntraOpThreads = request.InferThreads,
        };
        if (request.AllowSpinning is bool spin)
        {
            options = options with { AllowSpinning = spin };
        }

        OnnxUpscaler upscaler;
        if (model is "bsrn" or "bsrn-s")
        {
            ModelInfo info = model == "bsrn-s" ? ModelCatalog.BsrnS : request.Scale switch
            {
                2 => ModelCatalog.BsrnX2,
                3 => ModelCatalog.BsrnX3,
                4 => ModelCatalog.BsrnX4,
                _ => throw new InferenceException($"BSRN exists at x2, x3 and x4, not x{request.Scale}."),
            };
            using var store = new ModelStore(storeOptions);
            var progress = new DownloadLog(info, log);
            ResolvedCheckpoint checkpoint = await store.ResolveAsync(info, progress, cancellationToken).ConfigureAwait(false);
            upscaler = OnnxUpscaler.FromCheckpoint(checkpoint, OnnxModelCache.InCacheRoot(storeOptions.CacheDirectory), options);
        }
        else if (File.Exists(request.Model) || request.Model.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            if (!File.Exists(request.Model))
            {
                throw new InferenceException($"{request.Model}: no such model file.");
            }

            upscaler = OnnxUpscaler.FromFile(request.Model, options);
        }
        else
        {
            throw new InferenceException($"Unknown model '{request.Model}': use bsrn, bsrn-s, bicubic, or the path of an .onnx file.");
        }

        string reason = upscaler.DeviceReason;
        if (!request.Verbose && reason.StartsWith("auto: CUDA unavailable", StringComparison.Ordinal))
        {
            reason = "auto: CUDA unavailable, using CPU; --device cpu skips the check, --verbose says why";
        }

        log($"{upscaler.Name}: running on {upscaler.Provider} ({reason})");
        return upscaler;
    }

    /// <summary>How many CPU sessions run frames of a batch side by side (the CUDA provider ignores it).</summary>
    private static int ParallelLanes(UpscalerRequest request)
    {
        if (request.ParallelFrames == 1 || request.Tile > 0)
        {
            return 1;
        }

        int cores = request.InferThreads > 0 ? request.InferThreads : Environment.ProcessorCount;
        int wanted = request.ParallelFrames > 0 ? request.ParallelFrames : Math.Min(request.Batch, cores);
        // A lane runs on one thread at least, so a thread cap also caps the lanes.
        int most = request.InferThreads > 0 ? Math.Min(request.Batch, request.InferThreads) : request.Batch;
        return Math.Clamp(wanted, 1, Math.Max(1, most));
    }

    /// <summary>Prints download progress every 10%, for the CLI's log.</summary>
    private sealed class DownloadLog(ModelInfo model, Action<string> log) : IProgress<DownloadProgress>
    {
        private int _lastTenth = -1;

        public void Report(DownloadProgress value)
        {
            long total = value.TotalBytes ?? model.SizeBytes;
            int tenth = total > 0 ? (int)(value.BytesReceived * 10 / total) : 0;
            if (tenth != _lastTenth)
            {
                _lastTenth = tenth;
                log(string.Create(CultureInfo.InvariantCulture, $"downloading {model.FileName}: {value.BytesReceived / 1024} KiB of {total / 1024} KiB"));
            }
        }
    }
}
