using System.Diagnostics;
using System.Globalization;
using BsrnVideo.Benchmarks;
using BsrnVideo.Frames;
using BsrnVideo.Infer.Checkpoints;
using BsrnVideo.Infer.Graph;
using BsrnVideo.Infer.Onnx;

// dotnet run -c Release --project tests/BsrnVideo.Benchmarks -- [--checkpoint X.pth] [--sizes 180p,360p,540p]
//     [--batches 1,4] [--seconds 6] [--threads 0] [--no-spin] [--portable] [--parallel-frames N] [--fp16] [--no-fold]
//     [--fuse] [--concat] [--two-pass-stats] [--tile N] [--no-peak]; modes: --ab, --profile, --parallel

string checkpointPath = Option("--checkpoint") ?? FindDefaultCheckpoint();
string[] sizes = (Option("--sizes") ?? "180p,360p,540p").Split(',');
int[] batches = (Option("--batches") ?? "1,4").Split(',').Select(int.Parse).ToArray();
double seconds = double.Parse(Option("--seconds") ?? "6", CultureInfo.InvariantCulture);
int threads = int.Parse(Option("--threads") ?? "0", CultureInfo.InvariantCulture);
int tile = int.Parse(Option("--tile") ?? "0", CultureInfo.InvariantCulture);
bool peak = !args.Contains("--no-peak");
var graph = BsrnGraphOptions.Product with
{
    Fp16 = args.Contains("--fp16"),
    FoldConstants = !args.Contains("--no-fold"),
    FuseSiblingPointwise = args.Contains("--fuse"),
    SplitConcatConvolutions = !args.Contains("--concat"),
    SinglePassStatistics = !args.Contains("--two-pass-stats"),
    // The product's CPU graph (NCHWc) unless --portable (or --fp16, which only the portable graph has); --nchwc is
    // accepted for the commands in docs/inference.md written when the portable graph was the default here.
    NchwcBlockSize = args.Contains("--portable") || args.Contains("--fp16") ? 0 : BsrnVideo.Infer.Onnx.NchwcSupport.BlockSize,
    FusedOperators = !args.Contains("--no-fused-ops"),
};

BsrnCheckpoint checkpoint = BsrnCheckpoint.Load(checkpointPath);
if (args.Contains("--parallel"))
{
    ParallelTest.Run(checkpoint, graph, Environment.ProcessorCount, 180, 320, int.Parse(Option("--rounds") ?? "5", CultureInfo.InvariantCulture));
    return;
}

if (args.Contains("--ab"))
{
    BsrnGraphOptions p = BsrnGraphOptions.Product;
    BsrnGraphOptions plain = p with { SplitConcatConvolutions = false, SinglePassStatistics = false, ResidualThroughIdentityConv = false };
    string only = Option("--ab-set") ?? "graph";
    AbTest.Variant[] set = only switch
    {
        "threads" =>
        [
            new("NCHWc graph, spinning", p with { NchwcBlockSize = Math.Max(8, BsrnVideo.Infer.Onnx.NchwcSupport.BlockSize) }, StaticShape: true),
            new("NCHWc graph, no spinning", p with { NchwcBlockSize = Math.Max(8, BsrnVideo.Infer.Onnx.NchwcSupport.BlockSize) }, StaticShape: true, Spin: false),
        ],
        "fused" =>
        [
            new("NCHWc graph, ORT depthwise + GELU", p with { NchwcBlockSize = BsrnVideo.Infer.Onnx.NchwcSupport.BlockSize, FusedOperators = false }, StaticShape: true),
            new("NCHWc graph, fused DepthwiseConv3x3Gelu", p with { NchwcBlockSize = BsrnVideo.Infer.Onnx.NchwcSupport.BlockSize, FusedOperators = true }, StaticShape: true),
        ],
        _ =>
        [
            new("dynamic, concat, two-pass stats", plain),
            new("static, concat, two-pass stats", plain, StaticShape: true),
            new("static, split concat", plain with { SplitConcatConvolutions = true }, StaticShape: true),
            new("static, split+stats", p, StaticShape: true),
            new("static, split+stats+identity residual", p with { ResidualThroughIdentityConv = true }, StaticShape: true),
            new("static, NCHWc graph", p with { NchwcBlockSize = Math.Max(8, BsrnVideo.Infer.Onnx.NchwcSupport.BlockSize) }, StaticShape: true),
        ],
    };
    AbTest.Run(checkpoint, set, threads > 0 ? threads : Environment.ProcessorCount, 180, 320, int.Parse(Option("--rounds") ?? "8", CultureInfo.InvariantCulture));
    return;
}

if (args.Contains("--profile"))
{
    OpProfile.Run(BsrnGraphBuilder.Build(checkpoint, graph), threads > 0 ? threads : Environment.ProcessorCount,
        !args.Contains("--no-spin"), 180, 320, 5,
        Enum.Parse<Microsoft.ML.OnnxRuntime.GraphOptimizationLevel>(Option("--level") ?? "ORT_ENABLE_ALL"));
    return;
}

int effectiveThreads = threads > 0 ? threads : Environment.ProcessorCount;
var options = new OnnxUpscalerOptions
{
    Device = "cpu",
    IntraOpThreads = threads,
    AllowSpinning = !args.Contains("--no-spin"),
    Graph = graph,
    TileSize = tile,
    ParallelFrames = int.Parse(Option("--parallel-frames") ?? "1", CultureInfo.InvariantCulture),
};
Console.WriteLine($"model {checkpoint.Architecture.DisplayName} ({Path.GetFileName(checkpointPath)}), graph {graph}, " +
                  $"cpu threads {effectiveThreads}, spinning {options.AllowSpinning}, tile {tile}, parallel frames {options.ParallelFrames}");
Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");

double peakMacs = 0;
if (peak)
{
    peakMacs = PeakProbe.MeasureMultiplyAddsPerSecond(effectiveThreads, 180, 320, TimeSpan.FromSeconds(3));
    Console.WriteLine($"measured fp32 peak (ORT dense 3x3 conv 64->64 at 320x180): {peakMacs / 1e9:F1} GMAC/s");
}

using OnnxUpscaler upscaler = OnnxUpscaler.FromCheckpoint(checkpoint, options);
int s = upscaler.Scale;
Console.WriteLine();
Console.WriteLine("input     batch  ms/frame (median, best)  cpu ms/frame  out MP/s  GMAC/frame  GMAC/s  share of peak   (MP/s, GMAC/s, share from the median)");
foreach (string size in sizes)
{
    (int w, int h) = size switch
    {
        "180p" => (320, 180),
        "360p" => (640, 360),
        "540p" => (960, 540),
        "720p" => (1280, 720),
        _ => ParseSize(size),
    };
    foreach (int batch in batches)
    {
        var inPool = new FramePool(w, h);
        var outPool = new FramePool(w * s, h * s);
        RgbFrame[] inputs = Enumerable.Range(0, batch).Select(_ => inPool.Rent()).ToArray();
        RgbFrame[] outputs = Enumerable.Range(0, batch).Select(_ => outPool.Rent()).ToArray();
        var random = new Random(7);
        foreach (RgbFrame f in inputs)
        {
            random.NextBytes(f.Pixels);
        }

        upscaler.Upscale(inputs, outputs, CancellationToken.None); // warm-up: allocations, kernels, caches
        var samples = new List<double>();
        using var process = Process.GetCurrentProcess();
        TimeSpan cpuStart = process.TotalProcessorTime;
        var total = Stopwatch.StartNew();
        while (samples.Count < 3 || (total.Elapsed.TotalSeconds < seconds && samples.Count < 50))
        {
            long start = Stopwatch.GetTimestamp();
            upscaler.Upscale(inputs, outputs, CancellationToken.None);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalSeconds / batch);
        }

        process.Refresh();
        double cpuPerFrame = (process.TotalProcessorTime - cpuStart).TotalMilliseconds / (samples.Count * batch);
        samples.Sort();
        double median = samples[samples.Count / 2];
        double macs = NetworkCost.MultiplyAdds(checkpoint.Architecture, h, w);
        double rate = macs / median;
        string share = peakMacs > 0 ? $"{rate / peakMacs * 100,6:F1} %" : "     -";
        Console.WriteLine(
            $"{w}x{h,-4} {batch,5} {median * 1000,11:F1} {samples[0] * 1000,9:F1} {cpuPerFrame,13:F1}   {w * s * h * s / median / 1e6,8:F2} {macs / 1e9,11:F2} {rate / 1e9,7:F1}  {share}");
        foreach (RgbFrame f in inputs.Concat(outputs))
        {
            f.Dispose();
        }
    }
}

string? Option(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static (int, int) ParseSize(string text)
{
    string[] parts = text.Split('x');
    return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
}

static string FindDefaultCheckpoint()
{
    for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        string candidate = Path.Combine(dir.FullName, "shared", "models", "net_g_BSRN_x4.pth");
        if (File.Exists(candidate))
        {
            return candidate;
        }
    }

    throw new FileNotFoundException("net_g_BSRN_x4.pth not found beside the checkout; pass --checkpoint.");
}
