using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using BsrnVideo.Encode;
using BsrnVideo.Infer;
using BsrnVideo.Pipeline;

namespace BsrnVideo.Cli.Commands;

/// <summary><c>bsrn-video IN OUT [options]</c>: the main job.</summary>
internal static class UpscaleCommand
{
    public static RootCommand Create()
    {
        var common = new CommonOptions();
        var input = new Argument<string>("input") { Description = "Video or image to upscale (a path or any URL FFmpeg reads)" };
        var output = new Argument<string>("output") { Description = "Where to write the result; the extension picks the container (.mp4 .mkv .mov .webm .png .jpg)" };
        var batch = new Option<int>("--batch", "-b") { Description = "Frames per inference call", DefaultValueFactory = _ => 1 };
        var codec = new Option<string?>("--codec", "-c:v", "--vcodec") { Description = "Video encoder: libx264 (default), libx265, libsvtav1, libvpx-vp9, h264_nvenc, hevc_nvenc, ..." };
        var crf = new Option<int?>("--crf") { Description = "Constant quality for the encoder (lower is better; x264 default 23)" };
        var preset = new Option<string?>("--preset") { Description = "Encoder speed preset (x264/x265: ultrafast ... veryslow)" };
        var pixFmt = new Option<string?>("--pix-fmt") { Description = "Output pixel format (default: follows the input, 10-bit stays 10-bit)" };
        var format = new Option<string?>("--format", "-f") { Description = "Container format, when the extension does not say" };
        var noAudio = new Option<bool>("--no-audio") { Description = "Leave the audio streams out" };
        var audioCodec = new Option<string?>("--audio-codec", "-c:a", "--acodec") { Description = "copy (default) or aac: re-encode the audio for containers that cannot hold its codec" };
        var noSubs = new Option<bool>("--no-subs") { Description = "Leave the subtitle streams out" };
        var strict = new Option<bool>("--strict") { Description = "Stop at the first damaged packet instead of skipping it" };
        var overwrite = new Option<bool>("--overwrite", "-y") { Description = "Overwrite the output if it exists" };
        var metricsPort = new Option<int?>("--metrics-port") { Description = "Serve Prometheus metrics on http://127.0.0.1:PORT/metrics while the job runs" };
        var encoderPriority = new Option<string>("--encoder-priority")
        {
            Description = "Priority of the encoder's threads: low (default, nice 10), idle (only CPU time nothing else wants: " +
                "fastest when this job has the machine to itself, very slow beside other busy programs) or normal",
            DefaultValueFactory = _ => "low",
        };
        encoderPriority.AcceptOnlyFromAmong("idle", "low", "normal");
        var maxPixels = new Option<long>("--max-output-pixels") { Description = "Refuse outputs larger than this many pixels", DefaultValueFactory = _ => 7680L * 4320 };

        var root = new RootCommand("Upscales video and images with BSRN (Blueprint Separable Residual Network).");
        root.Arguments.Add(input);
        root.Arguments.Add(output);
        common.AddModelOptions(root);
        root.Options.Add(batch);
        root.Options.Add(codec);
        root.Options.Add(crf);
        root.Options.Add(preset);
        root.Options.Add(encoderPriority);
        root.Options.Add(pixFmt);
        root.Options.Add(format);
        root.Options.Add(noAudio);
        root.Options.Add(noSubs);
        root.Options.Add(audioCodec);
        root.Options.Add(strict);
        root.Options.Add(overwrite);
        root.Options.Add(maxPixels);
        root.Options.Add(metricsPort);
        common.AddLoggingOptions(root);


        root.SetAction(async (parse, cancellationToken) =>
        {
            bool verbose = parse.GetValue(common.Verbose);
            bool quiet = parse.GetValue(common.Quiet);
            TextWriter error = Console.Error;
            try
            {
                if (parse.GetValue(batch) < 1)
                {
                    throw new UsageException("--batch must be 1 or more (frames per inference call).");
                }

                if (parse.GetValue(crf) is < 0 or > 63)
                {
                    throw new UsageException("--crf must be between 0 and 63.");
                }

                var options = new UpscaleJobOptions
                {
                    Input = parse.GetValue(input)!,
                    Output = parse.GetValue(output)!,
                    Batch = parse.GetValue(batch),
                    Overwrite = parse.GetValue(overwrite),
                    Format = parse.GetValue(format),
                    NoAudio = parse.GetValue(noAudio),
                    NoSubtitles = parse.GetValue(noSubs),
                    AudioCodec = parse.GetValue(audioCodec) is "copy" or null ? null : parse.GetValue(audioCodec),
                    Strict = parse.GetValue(strict),
                    MaxOutputPixels = parse.GetValue(maxPixels),
                    Encoder = new EncoderSettings
                    {
                        Codec = parse.GetValue(codec),
                        Crf = parse.GetValue(crf),
                        Preset = parse.GetValue(preset),
                        PixelFormat = parse.GetValue(pixFmt),
                        ThreadPriority = parse.GetValue(encoderPriority) switch
                        {
                            "idle" => EncoderThreadPriority.Idle,
                            "normal" => EncoderThreadPriority.Normal,
                            _ => EncoderThreadPriority.Low,
                        },
                    },
                };
                Action<string> log = quiet ? _ => { } : line => error.WriteLine(line);
                if (verbose)
                {
                    FFmpeg.LibAvLoader.ShowWarnings();
                }

                // In the pipeline the decoder and encoder share the cores with inference: ORT's spinning workers would
                // fight them (measured: pipeline 3.52 vs 3.40-3.45 fps, BSRN x4 at 320x180 on 2 cores, docs/inference.md).
                UpscalerRequest request = common.ReadRequest(parse, options.Batch) with { AllowSpinning = false };
                await using Service.MetricsEndpoint? metrics = parse.GetValue(metricsPort) is int port
                    ? await Service.MetricsEndpoint.StartAsync(port, cancellationToken).ConfigureAwait(false)
                    : null;
                if (metrics is not null)
                {
                    log($"metrics: {metrics.Address}");
                }

                using IUpscaler upscaler = await UpscalerFactory.CreateAsync(request, log, cancellationToken).ConfigureAwait(false);
                return await RunAsync(options, upscaler, quiet, verbose, error, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                return ExitCodes.Report(e, verbose, error);
            }
        });
        return root;
    }

    private static async Task<int> RunAsync(UpscaleJobOptions options, IUpscaler upscaler, bool quiet, bool verbose, TextWriter error, CancellationToken cancellationToken)
    {
        using var metrics = new PipelineMetrics();
        // Signals are ours before the job creates its .partial file, so no window leaves one behind.
        using var stop = new InterruptSignals(options.Output, error);
        using UpscaleJob job = UpscaleJob.Open(options, upscaler, metrics, quiet ? null : line => error.WriteLine(line));
        if (!quiet)
        {
            VideoFormatLine(job, upscaler, error);
        }

        var clock = Stopwatch.StartNew();
        JobOutcome outcome;
        await using (var progress = quiet ? null : new ConsoleProgress(() => job.FramesDone, job.EstimatedFrames, error, !Console.IsErrorRedirected))
        {
            outcome = await job.RunAsync(stop.Token, cancellationToken).ConfigureAwait(false);
        }

        clock.Stop();
        if (outcome == JobOutcome.Interrupted)
        {
            error.WriteLine(job.OutputPath is null
                ? "interrupted before the first frame was finished; nothing was written."
                : string.Create(CultureInfo.InvariantCulture, $"interrupted: the {job.FramesWritten} frames finished so far are in {job.OutputPath}"));
            return ExitCodes.Interrupted;
        }

        if (!quiet)
        {
            Summary(job, metrics, clock.Elapsed, error);
        }

        _ = verbose;
        return ExitCodes.Success;
    }

    private static void VideoFormatLine(UpscaleJob job, IUpscaler upscaler, TextWriter error)
    {
        var f = job.InputFormat;
        string copies = job.CopiedStreams.Count > 0 ? ", copying " + string.Join(", ", job.CopiedStreams) : string.Empty;
        string threads = upscaler is Infer.Onnx.OnnxUpscaler { CpuThreads: > 0 } onnx
            ? string.Create(CultureInfo.InvariantCulture, $" ({onnx.CpuThreads} thread{(onnx.CpuThreads == 1 ? string.Empty : "s")})")
            : string.Empty;
        error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{upscaler.Name} on {upscaler.Provider}{threads}: {f.Width}x{f.Height} {f.PixelFormat} -> {job.OutputWidth}x{job.OutputHeight} {job.EncoderPixelFormat} ({job.EncoderName}){copies}"));
    }

    private static void Summary(UpscaleJob job, PipelineMetrics metrics, TimeSpan elapsed, TextWriter error)
    {
        double fps = elapsed.TotalSeconds > 0 ? job.FramesDone / elapsed.TotalSeconds : 0;
        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done: {job.FramesDone} frames in {elapsed.TotalSeconds:F2} s ({fps:F2} fps) -> {job.OutputPath}"));
        if (job.SkippedPackets > 0)
        {
            error.WriteLine($"skipped {job.SkippedPackets.ToString(CultureInfo.InvariantCulture)} damaged packet(s)");
        }

        foreach (string stage in PipelineMetrics.StageNames)
        {
            if (metrics.Percentiles(stage) is (double p50, double p95, long count))
            {
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {stage,-12} p50 {p50 * 1000,9:F2} ms  p95 {p95 * 1000,9:F2} ms  ({count} items)"));
            }
        }
    }
}
