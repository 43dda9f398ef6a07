using System.Diagnostics;
using System.Globalization;
using BsrnVideo.Decode;
using BsrnVideo.Encode;
using BsrnVideo.FFmpeg;
using BsrnVideo.Frames;
using BsrnVideo.Infer;
using BsrnVideo.Pipeline;

// Issue 2's benchmark: the same clip through the full pipeline (decode, convert, infer, convert, encode, mux) and
// through the upscaler alone (frames decoded beforehand, held in memory), and the ratio of the two frame rates.
//
//   dotnet run -c Release --project tests/BsrnVideo.PipelineBenchmark -- CLIP [--model bsrn|bsrn-s|bicubic]
//       [--scale 4] [--batch 1] [--preset medium] [--codec libx264] [--frames N] [--rounds N] [--no-spin] [--encoder-priority low|idle|normal] [--infer-threads N] [--encoder-option key=value]
//
// The checkpoint comes from BSRN_VIDEO_MODELS (or the usual lookup). Prints one line per measurement and the ratio.

if (args.Length == 0 || args[0].StartsWith('-'))
{
    Console.Error.WriteLine("usage: PipelineBenchmark CLIP [--model bsrn] [--scale 4] [--batch 1] [--preset medium] [--codec libx264] [--frames N] [--rounds N] [--no-spin] [--encoder-priority low|idle|normal] [--infer-threads N] [--encoder-option key=value]");
    return 2;
}

string clip = args[0];
string Option(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

var request = new UpscalerRequest
{
    Model = Option("--model", "bsrn"),
    Scale = int.Parse(Option("--scale", "4"), CultureInfo.InvariantCulture),
    Device = Option("--device", "cpu"),
    Batch = int.Parse(Option("--batch", "1"), CultureInfo.InvariantCulture),
    ParallelFrames = int.Parse(Option("--parallel-frames", "0"), CultureInfo.InvariantCulture),
    InferThreads = int.Parse(Option("--infer-threads", "0"), CultureInfo.InvariantCulture),
    AllowSpinning = args.Contains("--no-spin") ? false : null,
};
int batch = int.Parse(Option("--batch", "1"), CultureInfo.InvariantCulture);
int maxFrames = int.Parse(Option("--frames", "0"), CultureInfo.InvariantCulture);

using IUpscaler upscaler = await UpscalerFactory.CreateAsync(request, Console.Error.WriteLine, CancellationToken.None);
Console.WriteLine($"clip {clip}, {upscaler.Name} on {upscaler.Provider}, batch {batch}, {Environment.ProcessorCount} cores");

// Rounds alternate the two measurements so that a slow spell of a shared machine hits both alike; the ratio of the
// medians is the figure to quote.
int rounds = int.Parse(Option("--rounds", "1"), CultureInfo.InvariantCulture);
List<RgbFrame> frames = DecodeAll(clip, maxFrames);
var aloneRates = new List<double>();
var pipelineRates = new List<double>();
var aloneCpu = new List<double>();
var pipelineCpu = new List<double>();
using var metrics = new PipelineMetrics();
string preset = Option("--preset", "medium");
// --encoder-option key=value (repeatable): an FFmpeg encoder option, e.g. threads=1.
var encoderOptions = args.Select((a, i) => (a, i)).Where(p => p.a == "--encoder-option" && p.i + 1 < args.Length)
    .Select(p => args[p.i + 1].Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
EncoderThreadPriority priority = Enum.Parse<EncoderThreadPriority>(Option("--encoder-priority", "low"), ignoreCase: true);
for (int round = 1; round <= rounds; round++)
{
    TimeSpan cpuBefore = ProcessCpu();
    aloneRates.Add(UpscalerAlone(upscaler, frames, batch));
    aloneCpu.Add((ProcessCpu() - cpuBefore).TotalMilliseconds / (frames.Count + batch)); // + the warm-up batch
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: upscaler alone: {frames.Count} frames {frames[0].Width}x{frames[0].Height} = {aloneRates[^1]:F3} fps, {aloneCpu[^1]:F1} CPU ms/frame"));
    cpuBefore = ProcessCpu();
    (double fps, long done, string encoder) = await FullPipeline(clip, upscaler, batch, Option("--codec", "libx264"), preset, priority, maxFrames, metrics, encoderOptions);
    pipelineCpu.Add((ProcessCpu() - cpuBefore).TotalMilliseconds / done);
    pipelineRates.Add(fps);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: full pipeline:  {done} frames = {fps:F3} fps, {pipelineCpu[^1]:F1} CPU ms/frame (encoder {encoder} {preset}, threads {priority})"));
}

foreach (RgbFrame f in frames)
{
    f.Dispose();
}

foreach (string stage in PipelineMetrics.StageNames)
{
    if (metrics.Percentiles(stage) is (double p50, double p95, long count))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {stage,-12} p50 {p50 * 1000,9:F2} ms  p95 {p95 * 1000,9:F2} ms  ({count})"));
    }
}

double aloneMedian = Median(aloneRates);
double pipelineMedian = Median(pipelineRates);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"upscaler alone: {aloneMedian:F3} fps, full pipeline: {pipelineMedian:F3} fps (medians of {rounds} round(s))"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio pipeline/upscaler: {pipelineMedian / aloneMedian * 100:F1}% (target >= 95%)"));

// Where the upscaler already keeps every core busy, the pipeline cannot beat (CPU time per frame) / cores: its
// decode, conversions and encoder need CPU time that inference is using. This ceiling says how close the
// scheduling gets, and whether the target is reachable at all on this machine.
double cpuPerFrame = Median(pipelineCpu);
double ceiling = Math.Min(1.0, Environment.ProcessorCount * 1000 / cpuPerFrame / aloneMedian);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"CPU time per frame: upscaler alone {Median(aloneCpu):F1} ms, full pipeline {cpuPerFrame:F1} ms; on {Environment.ProcessorCount} cores the pipeline can reach at most {ceiling * 100:F1}% of the upscaler's rate"));
return 0;

// The upscaler on frames decoded up front (one warm-up batch first), in frames per second.
static double UpscalerAlone(IUpscaler upscaler, List<RgbFrame> frames, int batch)
{
    var outputPool = new FramePool(frames[0].Width * upscaler.Scale, frames[0].Height * upscaler.Scale);
    RgbFrame[] outputs = [.. Enumerable.Range(0, batch).Select(_ => outputPool.Rent())];
    upscaler.Upscale(frames.Take(batch).ToArray(), outputs.AsSpan(0, Math.Min(batch, frames.Count)), CancellationToken.None);
    var clock = Stopwatch.StartNew();
    for (int i = 0; i < frames.Count; i += batch)
    {
        RgbFrame[] slice = [.. frames.Skip(i).Take(batch)];
        upscaler.Upscale(slice, outputs.AsSpan(0, slice.Length), CancellationToken.None);
    }

    clock.Stop();
    foreach (RgbFrame f in outputs)
    {
        f.Dispose();
    }

    return frames.Count / clock.Elapsed.TotalSeconds;
}

// The whole job, file to file (decode, convert, infer, convert, encode, mux), in frames per second.
static async Task<(double Fps, long Done, string Encoder)> FullPipeline(
    string clip, IUpscaler upscaler, int batch, string codec, string preset, EncoderThreadPriority priority, int maxFrames, PipelineMetrics metrics,
    Dictionary<string, string> encoderOptions)
{
    string output = Path.Combine(Path.GetTempPath(), $"bsrn-bench-{Environment.ProcessId}.mp4");
    var options = new UpscaleJobOptions
    {
        Input = clip,
        Output = output,
        Overwrite = true,
        Batch = batch,
        Encoder = new EncoderSettings { Codec = codec, Preset = preset, ThreadPriority = priority, Options = encoderOptions },
    };
    try
    {
        using UpscaleJob job = UpscaleJob.Open(options, upscaler, metrics);
        var clock = Stopwatch.StartNew();
        using var stopAfter = new CancellationTokenSource();
        Task watcher = maxFrames > 0
            ? Task.Run(async () =>
            {
                while (job.FramesDone < maxFrames && !stopAfter.IsCancellationRequested)
                {
                    await Task.Delay(5);
                }

                stopAfter.Cancel();
            })
            : Task.CompletedTask;
        await job.RunAsync(stopAfter.Token);
        clock.Stop();
        await stopAfter.CancelAsync();
        await watcher;
        return (job.FramesDone / clock.Elapsed.TotalSeconds, job.FramesDone, job.EncoderName);
    }
    finally
    {
        File.Delete(output);
        File.Delete(UpscaleJob.InterruptedName(output));
    }
}

// User + system time of every thread of this process (the encoder's own threads included).
static TimeSpan ProcessCpu()
{
    using var self = Process.GetCurrentProcess();
    return self.TotalProcessorTime;
}

static double Median(List<double> values)
{
    double[] sorted = [.. values.Order()];
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static List<RgbFrame> DecodeAll(string path, int maxFrames)
{
    using MediaInput input = MediaInput.Open(path);
    MediaStream stream = input.FindBestVideoStream() ?? throw new DecodeException($"{path}: no video stream");
    using var decoder = new VideoDecoder(stream);
    using var converter = new RgbFrameConverter(stream.Color);
    using var packets = new PacketPool();
    using var natives = new NativeFramePool(keepBuffers: false);
    var pool = new FramePool(decoder.Format.Width, decoder.Format.Height);
    var frames = new List<RgbFrame>();
    using MediaPacket packet = packets.Rent();
    bool eof = false;
    while (maxFrames == 0 || frames.Count < maxFrames)
    {
        using NativeFrame picture = natives.Rent();
        if (decoder.Receive(picture) == AvStatus.Ok)
        {
            RgbFrame rgb = pool.Rent();
            converter.Convert(picture, rgb);
            frames.Add(rgb);
            continue;
        }

        if (eof)
        {
            break;
        }

        if (input.ReadPacket(packet) == AvStatus.EndOfFile)
        {
            decoder.Send(null);
            eof = true;
        }
        else if (packet.StreamIndex == stream.Index)
        {
            decoder.Send(packet);
        }
    }

    return frames;
}
