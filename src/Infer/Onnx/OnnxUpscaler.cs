using System.Diagnostics.CodeAnalysis;
using BsrnVideo.Frames;
using BsrnVideo.Infer.Checkpoints;
using BsrnVideo.Infer.Graph;
using BsrnVideo.Infer.Models;
using BsrnVideo.Infer.Tiling;
using Microsoft.ML.OnnxRuntime;

namespace BsrnVideo.Infer.Onnx;

/// <summary>
/// Runs an SR network through ONNX Runtime: a BSRN checkpoint (built into a uint8 NHWC graph) or a foreign .onnx
/// model. The session is created once; per batch shape the pinned input/output buffers and the IO binding are
/// created once and reused, so a warm call allocates nothing. Optional tiling with feathered overlaps; frames or
/// tiles below the network's minimum size are edge-padded and cropped. Not thread-safe.
/// </summary>
public sealed class OnnxUpscaler : IUpscaler
{
    private readonly OrtSessionBundle _bundle;
    private readonly ModelSignature _signature;
    private readonly OnnxUpscalerOptions _options;
    private readonly InferenceLane _lane;
    private readonly LaneWorker[] _workers;
    private readonly FeatherWeights _feather;
    private TileAccumulator? _accumulator;
    private float[] _rowScratch = [];
    private int[] _tileOrigins = new int[64];
    private bool _disposed;
    private (int Width, int Height, int Batch, int Tile) _autoTile;

    private OnnxUpscaler(OrtSessionBundle bundle, OnnxUpscalerOptions options, string name, string label)
    {
        _bundle = bundle;
        _options = options;
        Name = name;
        try
        {
            _signature = ModelSignature.Read(bundle.Session, label);
        }
        catch
        {
            bundle.Dispose();
            throw;
        }

        _feather = new FeatherWeights(Math.Max(1, options.TileOverlap) * _signature.Scale);
        int lanes = bundle.Provider == "cpu" && _signature.IsBsrnGraph ? Math.Max(1, options.ParallelFrames) : 1;
        int threads = options.IntraOpThreads > 0 ? options.IntraOpThreads : Environment.ProcessorCount;
        if (lanes == 1)
        {
            _lane = new InferenceLane(bundle, _signature, options, label);
            _workers = [];
            CpuThreads = bundle.Provider == "cpu" ? threads : 0;
        }
        else
        {
            // Each lane gets its share of the threads; the caller's thread runs lane 0.
            OnnxUpscalerOptions laneOptions = options with { IntraOpThreads = Math.Max(1, threads / lanes) };
            CpuThreads = lanes * laneOptions.IntraOpThreads;
            _lane = new InferenceLane(bundle, _signature, laneOptions, label);
            _workers = new LaneWorker[lanes - 1];
            for (int i = 0; i < _workers.Length; i++)
            {
                _workers[i] = new LaneWorker(new InferenceLane(bundle, _signature, laneOptions, label), $"bsrn-lane-{i + 1}");
            }
        }
    }

    public string Name { get; }

    public string Provider => _bundle.Provider;

    /// <summary>CPU threads the network runs on (every lane's together); 0 on a GPU.</summary>
    public int CpuThreads { get; }

    public int Scale => _signature.Scale;

    /// <summary>Why this provider was chosen (e.g. the CUDA error that made <c>auto</c> fall back to CPU), for logs.</summary>
    public string DeviceReason => _bundle.Reason;

    /// <summary>True when the model takes uint8 NHWC frames (our BSRN graphs); false for float NCHW models.</summary>
    public bool UsesUInt8Io => _signature.UInt8Nhwc;

    /// <summary>Builds the BSRN graph for <paramref name="checkpoint"/> (float16 on CUDA unless told otherwise) and opens it.</summary>
    public static OnnxUpscaler FromCheckpoint(BsrnCheckpoint checkpoint, OnnxUpscalerOptions options)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return Open(graph => BsrnGraphBuilder.Build(checkpoint, graph), options, checkpoint.Source);
    }

    /// <summary>
    /// As <see cref="FromCheckpoint(BsrnCheckpoint, OnnxUpscalerOptions)"/>, through <paramref name="cache"/>: each
    /// graph is built once per checkpoint hash and graph options and kept as an .onnx file, so a later run reads
    /// neither the checkpoint nor rebuilds the graph. A cached file that is not a valid model is rebuilt.
    /// </summary>
    public static OnnxUpscaler FromCheckpoint(ResolvedCheckpoint checkpoint, OnnxModelCache cache, OnnxUpscalerOptions options)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(cache);
        BsrnCheckpoint? weights = null;
        byte[] Build(BsrnGraphOptions graph)
        {
            string key = BsrnGraphBuilder.CacheKey(graph);
            byte[] BuildFrom(string path) => BsrnGraphBuilder.Build(weights ??= BsrnCheckpoint.Load(path), graph);
            string file = cache.GetOrCreate(checkpoint, key, BuildFrom);
            if (TryReadModel(file) is { } cached)
            {
                return cached;
            }

            cache.Remove(checkpoint, key);
            return TryReadModel(cache.GetOrCreate(checkpoint, key, BuildFrom))
                ?? throw new InferenceException($"The graph built from {checkpoint.Path} could not be read back from {file}.");
        }

        return Open(Build, options, checkpoint.Path);
    }

    private static OnnxUpscaler Open(Func<BsrnGraphOptions, byte[]> build, OnnxUpscalerOptions options, string label)
    {
        ArgumentNullException.ThrowIfNull(options);
        ExecutionDevice device = ExecutionDevice.Parse(options.Device);
        OrtSessionBundle bundle;
        try
        {
            bundle = OrtSessionFactory.Create(device, cuda => build(ChooseGraph(options, cuda, nchwc: true)), options, label);
        }
        catch (InferenceException) when (options.Graph is null && NchwcSupport.BlockSize > 0)
        {
            // The blocked graph depends on ORT internals; should this ORT build refuse it, the portable graph still runs.
            bundle = OrtSessionFactory.Create(device, cuda => build(ChooseGraph(options, cuda, nchwc: false)), options, label);
        }

        Dictionary<string, string> meta = bundle.Session.ModelMetadata.CustomMetadataMap;
        string prefix = meta.GetValueOrDefault(BsrnModelMetadata.Variant) == "BSRN-S" ? "bsrn-s" : "bsrn";
        return new OnnxUpscaler(bundle, options, $"{prefix}-x{meta.GetValueOrDefault(BsrnModelMetadata.Scale, "?")}", label);
    }

    /// <summary>The file's bytes if it parses as an ONNX model with a graph; null if it is missing or damaged.</summary>
    private static byte[]? TryReadModel(string path)
    {
        try
        {
            byte[] bytes = File.ReadAllBytes(path);
            return global::Onnx.ModelProto.Parser.ParseFrom(bytes).Graph is { Node.Count: > 0 } ? bytes : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>
    /// The graph for a provider: <see cref="OnnxUpscalerOptions.Graph"/> if given; on CUDA the portable graph
    /// (float16 unless <see cref="OnnxUpscalerOptions.Fp16"/> says otherwise); on CPU the float32 NCHWc graph where
    /// ORT uses that layout (float16 only if asked for, in the portable graph).
    /// </summary>
    private static BsrnGraphOptions ChooseGraph(OnnxUpscalerOptions options, bool cuda, bool nchwc)
    {
        if (options.Graph is { } graph)
        {
            return graph;
        }

        bool fp16 = options.Fp16 ?? cuda;
        int block = !cuda && !fp16 && nchwc ? NchwcSupport.BlockSize : 0;
        return BsrnGraphOptions.Product with { Fp16 = fp16, NchwcBlockSize = block };
    }

    /// <summary>
    /// Opens a model file: <c>.onnx</c> as is (ours or a foreign float NCHW SR model), anything else as a
    /// BSRN checkpoint (<c>.pth</c>, <c>.safetensors</c>).
    /// </summary>
    public static OnnxUpscaler FromFile(string path, OnnxUpscalerOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        if (!path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            return FromCheckpoint(BsrnCheckpoint.Load(path), options);
        }

        byte[] model;
        try
        {
            model = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InferenceException($"{path}: cannot read the model: {e.Message}", e);
        }

        OrtSessionBundle bundle = OrtSessionFactory.Create(ExecutionDevice.Parse(options.Device), _ => model, options, path);
        string name = Path.GetFileNameWithoutExtension(path);
        return new OnnxUpscaler(bundle, options, name, path);
    }

    public void Upscale(ReadOnlySpan<RgbFrame> inputs, ReadOnlySpan<RgbFrame> outputs, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (inputs.Length == 0)
        {
            return;
        }

        Validate(inputs, outputs);
        int width = inputs[0].Width;
        int height = inputs[0].Height;
        int min = _signature.MinInputSize;
        bool fixedSize = _signature.FixedHeight > 0 || _signature.FixedWidth > 0;
        int tileSize = _options.TileSize > 0 ? _options.TileSize : AutoTileSize(width, height, inputs.Length);
        bool tiled = (tileSize > 0 && (width > tileSize || height > tileSize)) || fixedSize;
        if (!tiled && width >= min && height >= min)
        {
            if (_workers.Length > 0 && inputs.Length > 1)
            {
                RunLanes(inputs, outputs, cancellationToken);
            }
            else
            {
                int maxBatch = _signature.FixedBatch > 0 ? _signature.FixedBatch : inputs.Length;
                for (int start = 0; start < inputs.Length; start += maxBatch)
                {
                    int n = Math.Min(maxBatch, inputs.Length - start);
                    _lane.RunWholeFrames(inputs.Slice(start, n), outputs.Slice(start, n), cancellationToken);
                }
            }
        }
        else
        {
            for (int i = 0; i < inputs.Length; i++)
            {
                RunTiles(inputs[i], outputs[i], tileSize, cancellationToken);
            }
        }

        for (int i = 0; i < inputs.Length; i++)
        {
            outputs[i].CopyTimingFrom(inputs[i]);
        }
    }

    /// <summary>
    /// The tile side to use when none was asked for: 0 (whole frames) while the batch's activations fit in half of
    /// the memory available now, else the largest tile that does (CPU only: ORT does not report a GPU's free memory).
    /// </summary>
    private int AutoTileSize(int width, int height, int batch)
    {
        if (!_options.AutoTile || Provider != "cpu")
        {
            return 0;
        }

        if (_autoTile.Width == width && _autoTile.Height == height && _autoTile.Batch == batch)
        {
            return _autoTile.Tile;
        }

        long budget = MemoryBudget.AvailableBytes() / 2;
        int tile = 0;
        if ((long)width * height * batch * MemoryBudget.BsrnBytesPerInputPixel > budget)
        {
            double side = Math.Sqrt(budget / (double)(MemoryBudget.BsrnBytesPerInputPixel * Math.Max(1, _options.TileBatchSize)));
            tile = Math.Clamp((int)side, Math.Max(64, _signature.MinInputSize), 1024);
        }

        _autoTile = (width, height, batch, tile);
        return tile;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        for (int i = _workers.Length - 1; i >= 0; i--)
        {
            _workers[i].Dispose();
        }

        _lane.Dispose();
        _bundle.Dispose();
    }

    /// <summary>Splits the batch into one contiguous share per lane and runs the shares at the same time.</summary>
    private void RunLanes(ReadOnlySpan<RgbFrame> inputs, ReadOnlySpan<RgbFrame> outputs, CancellationToken cancellationToken)
    {
        int lanes = Math.Min(_workers.Length + 1, inputs.Length);
        int share = inputs.Length / lanes;
        int extra = inputs.Length % lanes;
        int first = share + (extra > 0 ? 1 : 0);
        int start = first;
        for (int k = 1; k < lanes; k++)
        {
            int n = share + (k < extra ? 1 : 0);
            _workers[k - 1].Start(inputs.Slice(start, n), outputs.Slice(start, n), cancellationToken);
            start += n;
        }

        Exception? error = null;
        try
        {
            _lane.RunWholeFrames(inputs[..first], outputs[..first], cancellationToken);
        }
        catch (Exception e)
        {
            error = e;
        }

        for (int k = 1; k < lanes; k++)
        {
            Exception? laneError = _workers[k - 1].Wait(); // always wait: the lane owns buffers still in use
            error ??= laneError;
        }

        if (error is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }
    }

    private void RunTiles(RgbFrame input, RgbFrame output, int tileSize, CancellationToken cancellationToken)
    {
        int width = input.Width;
        int height = input.Height;
        int tileW = _signature.FixedWidth > 0 ? _signature.FixedWidth : TileGrid.TileLength(width, tileSize);
        int tileH = _signature.FixedHeight > 0 ? _signature.FixedHeight : TileGrid.TileLength(height, tileSize);
        tileW = Math.Min(tileW, width);
        tileH = Math.Min(tileH, height);
        int slotW = _signature.FixedWidth > 0 ? _signature.FixedWidth : Math.Max(tileW, _signature.MinInputSize);
        int slotH = _signature.FixedHeight > 0 ? _signature.FixedHeight : Math.Max(tileH, _signature.MinInputSize);
        int overlap = Math.Max(0, _options.TileOverlap);
        int columns = TileGrid.Count(width, tileW, overlap);
        int rows = TileGrid.Count(height, tileH, overlap);
        if (_tileOrigins.Length < columns + rows)
        {
            _tileOrigins = new int[columns + rows];
        }

        Span<int> xs = _tileOrigins.AsSpan(0, columns);
        Span<int> ys = _tileOrigins.AsSpan(columns, rows);
        TileGrid.Origins(width, tileW, overlap, xs);
        TileGrid.Origins(height, tileH, overlap, ys);

        int count = columns * rows;
        bool single = count == 1;
        TileAccumulator? accumulator = null;
        if (!single)
        {
            accumulator = GetAccumulator(width * Scale, height * Scale);
            accumulator.Clear();
        }

        int maxBatch = _signature.FixedBatch > 0 ? _signature.FixedBatch : Math.Max(1, _options.TileBatchSize);
        for (int first = 0; first < count; first += maxBatch)
        {
            int n = Math.Min(maxBatch, count - first);
            BatchBuffers buffers = _lane.GetBuffers(n, slotH, slotW);
            int slotIn = slotW * slotH * 3;
            for (int k = 0; k < n; k++)
            {
                int t = first + k;
                int x0 = xs[t % columns];
                int y0 = ys[t / columns];
                if (buffers.InputBytes is { } bytes)
                {
                    FramePacking.PackRegion(input, x0, y0, tileW, tileH, bytes.AsSpan(k * slotIn, slotIn), slotW, slotH);
                }
                else
                {
                    FramePacking.PackRegion(input, x0, y0, tileW, tileH, buffers.InputFloats.AsSpan(k * slotIn, slotIn), slotW, slotH);
                }
            }

            _lane.Run(buffers, cancellationToken);
            int slotOut = slotIn * Scale * Scale;
            for (int k = 0; k < n; k++)
            {
                if (single)
                {
                    if (buffers.OutputBytes is { } bytes)
                    {
                        FramePacking.CopyCrop(bytes.AsSpan(0, slotOut), slotW * Scale, output);
                    }
                    else
                    {
                        FramePacking.CopyCrop(buffers.OutputFloats.AsSpan(0, slotOut), slotW * Scale, slotH * Scale, output);
                    }

                    continue;
                }

                int t = first + k;
                int column = t % columns;
                int row = t / columns;
                Blend(buffers, k, slotOut, slotW * Scale, slotH * Scale, xs[column] * Scale, ys[row] * Scale, tileW * Scale, tileH * Scale,
                    column > 0, column < columns - 1, row > 0, row < rows - 1, accumulator!);
            }
        }

        accumulator?.WriteTo(output);
    }

    private void Blend(BatchBuffers buffers, int slot, int slotOut, int slotW, int slotH, int x, int y, int w, int h,
        bool left, bool right, bool top, bool bottom, TileAccumulator accumulator)
    {
        float[] columnWeights = _feather.Get(w, left, right);
        float[] rowWeights = _feather.Get(h, top, bottom);
        if (_rowScratch.Length < w * 3)
        {
            _rowScratch = new float[w * 3];
        }

        Span<float> rgb = _rowScratch.AsSpan(0, w * 3);
        for (int r = 0; r < h; r++)
        {
            if (buffers.OutputBytes is { } bytes)
            {
                FramePacking.ReadRow(bytes.AsSpan(slot * slotOut, slotOut), slotW, r, rgb);
            }
            else
            {
                FramePacking.ReadRow(buffers.OutputFloats.AsSpan(slot * slotOut, slotOut), slotW, slotH, r, rgb);
            }

            accumulator.AddRow(x, y + r, rgb, columnWeights, rowWeights[r]);
        }
    }

    private TileAccumulator GetAccumulator(int width, int height)
    {
        if (_accumulator is null || _accumulator.Width != width || _accumulator.Height != height)
        {
            _accumulator = new TileAccumulator(width, height);
        }

        return _accumulator;
    }

    private void Validate(ReadOnlySpan<RgbFrame> inputs, ReadOnlySpan<RgbFrame> outputs)
    {
        if (inputs.Length != outputs.Length)
        {
            throw new ArgumentException($"{inputs.Length} inputs but {outputs.Length} outputs.", nameof(outputs));
        }

        int w = inputs[0].Width;
        int h = inputs[0].Height;
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i].Width != w || inputs[i].Height != h)
            {
                throw new ArgumentException($"Input {i} is {inputs[i].Width}x{inputs[i].Height}; the batch is {w}x{h}.", nameof(inputs));
            }

            if (outputs[i].Width != w * Scale || outputs[i].Height != h * Scale)
            {
                throw new ArgumentException(
                    $"Output {i} is {outputs[i].Width}x{outputs[i].Height}; x{Scale} of {w}x{h} needs {w * Scale}x{h * Scale}.", nameof(outputs));
            }
        }
    }
}
