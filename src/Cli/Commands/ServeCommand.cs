using System.CommandLine;
using BsrnVideo.Service;
using Microsoft.AspNetCore.Builder;

namespace BsrnVideo.Cli.Commands;

/// <summary>
/// <c>bsrn-video serve</c>: the live upscaling service (jobs API, HLS, status page, /metrics). Settings come from
/// appsettings.json, environment variables (<c>BsrnVideo__MaxJobs</c>, <c>BSRN_VIDEO_API_TOKEN</c>) and these
/// flags, the flags winning. SIGTERM/Ctrl+C stops intake, finalises every output, then exits.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen, e.g. http://127.0.0.1:8080 (without an API token only loopback is used)", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var mediaRoot = new Option<string?>("--media-root") { Description = "The only folder local input/output files may be in (default: local files refused)" };
        var hlsRoot = new Option<string?>("--hls-root") { Description = "Where HLS outputs are written (default: a folder under the temp directory)" };
        var maxJobs = new Option<int?>("--max-jobs") { Description = "Jobs that may run at once (default 2)" };
        var maxInputPixels = new Option<long?>("--max-input-pixels") { Description = "Largest input picture in pixels (default 1920x1080)" };
        var model = new Option<string?>("--model", "-m") { Description = "Default model for jobs that name none: bsrn, bsrn-s or bicubic" };
        var scale = new Option<int?>("--scale", "-s") { Description = "Default upscaling factor (default 4)" };
        var device = new Option<string?>("--device") { Description = "Default device: auto, cpu, cuda or cuda:N" };
        var overload = new Option<string?>("--overload") { Description = "When inference falls behind: drop (default) the oldest frames, or bicubic to upscale them with bicubic" };
        overload.AcceptOnlyFromAmong("drop", "bicubic");
        var protectMetrics = new Option<bool>("--protect-metrics") { Description = "Require the API token on /metrics too" };

        var command = new Command("serve", "Runs the live-stream upscaling service (jobs API, HLS output, status page, Prometheus /metrics)");
        command.Options.Add(urls);
        command.Options.Add(mediaRoot);
        command.Options.Add(hlsRoot);
        command.Options.Add(maxJobs);
        command.Options.Add(maxInputPixels);
        command.Options.Add(model);
        command.Options.Add(scale);
        command.Options.Add(device);
        command.Options.Add(overload);
        command.Options.Add(protectMetrics);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(maxJobs) is < 1)
            {
                await Console.Error.WriteLineAsync("error: --max-jobs must be 1 or more.").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            if (parse.GetValue(scale) is < 1 or > 32)
            {
                await Console.Error.WriteLineAsync("error: --scale must be from 1 to 32.").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            string[] args = ["--urls", parse.GetValue(urls)!];
            await using WebApplication app = ServiceHost.Build(args, options =>
            {
                options.MediaRoot = parse.GetValue(mediaRoot) ?? options.MediaRoot;
                options.HlsRoot = parse.GetValue(hlsRoot) ?? options.HlsRoot;
                options.MaxJobs = parse.GetValue(maxJobs) ?? options.MaxJobs;
                options.MaxInputPixels = parse.GetValue(maxInputPixels) ?? options.MaxInputPixels;
                options.DefaultModel = parse.GetValue(model) ?? options.DefaultModel;
                options.DefaultScale = parse.GetValue(scale) ?? options.DefaultScale;
                options.DefaultDevice = parse.GetValue(device) ?? options.DefaultDevice;
                options.Overload = parse.GetValue(overload) ?? options.Overload;
                options.ProtectMetrics |= parse.GetValue(protectMetrics);
            });
            try
            {
                // The host handles SIGTERM/Ctrl+C itself: it stops intake and finalises every job before returning.
                await app.RunAsync().ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (IOException e)
            {
                return ExitCodes.Report(e, verbose: false, Console.Error);
            }
        });
        return command;
    }
}
