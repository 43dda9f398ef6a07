using System.CommandLine;

namespace BsrnVideo.Cli.Commands;

/// <summary>Options several commands share (model choice, device, logging).</summary>
internal sealed class CommonOptions
{
    public Option<string> Model { get; } = new("--model", "-m")
    {
        Description = "bsrn (default), bsrn-s, bicubic, or a path to an .onnx super-resolution model",
        DefaultValueFactory = _ => "bsrn",
    };

    public Option<int> Scale { get; } = new("--scale", "-s")
    {
        Description = "Upscaling factor: 2, 3 or 4 for bsrn, 4 for bsrn-s, any for bicubic",
        DefaultValueFactory = _ => 4,
    };

    public Option<string?> Checkpoint { get; } = new("--checkpoint")
    {
        Description = "BSRN checkpoint (.pth/.safetensors) to use instead of looking one up",
    };

    public Option<string> Device { get; } = new("--device")
    {
        Description = "auto (CUDA if it loads, else CPU), cpu, cuda or cuda:N",
        DefaultValueFactory = _ => "auto",
    };

    public Option<bool> Fp16 { get; } = new("--fp16")
    {
        Description = "Run the network in float16 (default on CUDA)",
    };

    public Option<int> Tile { get; } = new("--tile")
    {
        Description = "Split frames into tiles of N pixels (0: whole frames)",
        DefaultValueFactory = _ => 0,
    };

    public Option<int> TileOverlap { get; } = new("--tile-overlap")
    {
        Description = "Overlap between tiles, in input pixels",
        DefaultValueFactory = _ => 16,
    };

    public Option<int> ParallelFrames { get; } = new("--parallel-frames")
    {
        Description = "CPU: frames of a batch upscaled side by side, one single-threaded session each (0: up to --batch and the core count; 1: one session on every core)",
        DefaultValueFactory = _ => 0,
    };

    public Option<int> InferThreads { get; } = new("--infer-threads")
    {
        Description = "CPU: threads the network may use (0: every core); fewer leaves cores to decoding, encoding and other programs",
        DefaultValueFactory = _ => 0,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Log more, and show stack traces on errors",
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "Print nothing but errors",
    };

    public void AddModelOptions(Command command)
    {
        command.Options.Add(Model);
        command.Options.Add(Scale);
        command.Options.Add(Checkpoint);
        command.Options.Add(Device);
        command.Options.Add(Fp16);
        command.Options.Add(Tile);
        command.Options.Add(TileOverlap);
        command.Options.Add(ParallelFrames);
        command.Options.Add(InferThreads);
    }

    public void AddLoggingOptions(Command command)
    {
        command.Options.Add(Verbose);
        command.Options.Add(Quiet);
    }

    /// <summary>Reads and checks the model options.</summary>
    /// <exception cref="UsageException">A value is out of range.</exception>
    public Infer.UpscalerRequest ReadRequest(ParseResult parse, int batch)
    {
        int tile = parse.GetValue(Tile);
        int overlap = parse.GetValue(TileOverlap);
        if (tile < 0)
        {
            throw new UsageException("--tile must be 0 (off) or a tile size in pixels.");
        }

        if (tile > 0 && overlap >= tile)
        {
            throw new UsageException($"--tile-overlap ({overlap}) must be smaller than --tile ({tile}); try --tile {Math.Max(64, overlap * 4)}.");
        }

        if (overlap < 0)
        {
            throw new UsageException("--tile-overlap cannot be negative.");
        }

        if (parse.GetValue(InferThreads) < 0)
        {
            throw new UsageException("--infer-threads must be 0 (every core) or a thread count.");
        }

        int scale = parse.GetValue(Scale);
        if (scale < 1)
        {
            throw new UsageException("--scale must be 2, 3 or 4 (bsrn), 4 (bsrn-s) or any whole number for bicubic.");
        }

        string model = parse.GetValue(Model)!;
        IReadOnlyList<int> scales = Infer.UpscalerFactory.ScalesOf(model);
        if (scales.Count > 0 && !scales.Contains(scale))
        {
            string choices = scales.Count == 1 ? $"--scale {scales[0]}" : "--scale " + string.Join(", ", scales.Take(scales.Count - 1)) + " or " + scales[^1];
            throw new UsageException($"--scale {scale}: {model} has no x{scale} model; pass {choices}, or --model bicubic for any scale.");
        }

        return Build(parse, batch);
    }

    private Infer.UpscalerRequest Build(ParseResult parse, int batch) => new()
    {
        Model = parse.GetValue(Model)!,
        Scale = parse.GetValue(Scale),
        Checkpoint = parse.GetValue(Checkpoint),
        Device = parse.GetValue(Device)!,
        Fp16 = parse.GetValue(Fp16),
        Tile = parse.GetValue(Tile),
        TileOverlap = parse.GetValue(TileOverlap),
        Batch = batch,
        Verbose = parse.GetValue(Verbose),
        ParallelFrames = parse.GetValue(ParallelFrames),
        InferThreads = parse.GetValue(InferThreads),
    };
}
