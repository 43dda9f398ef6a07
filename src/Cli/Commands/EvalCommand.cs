using System.CommandLine;
using System.Globalization;
using BsrnVideo.Infer;
using BsrnVideo.Pipeline;

namespace BsrnVideo.Cli.Commands;

/// <summary><c>bsrn-video eval --hr DIR --lr DIR [--scale 4]</c>: PSNR/SSIM as the SR literature computes them.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var hr = new Option<string>("--hr") { Description = "Folder of ground-truth high-resolution images", Required = true };
        var lr = new Option<string>("--lr") { Description = "Folder of low-resolution images (same file names)", Required = true };
        var command = new Command("eval", "Score the upscaler on LR/HR image pairs: PSNR-Y and SSIM-Y, scale pixels shaved at each border");
        command.Options.Add(hr);
        command.Options.Add(lr);
        common.AddModelOptions(command);
        common.AddLoggingOptions(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            bool verbose = parse.GetValue(common.Verbose);
            try
            {
                UpscalerRequest request = common.ReadRequest(parse, batch: 1);
                Action<string> log = parse.GetValue(common.Quiet) ? _ => { } : line => Console.Error.WriteLine(line);
                using IUpscaler upscaler = await UpscalerFactory.CreateAsync(request, log, cancellationToken).ConfigureAwait(false);
                IReadOnlyList<ImageScore> scores = ImageSetEvaluator.Evaluate(parse.GetValue(lr)!, parse.GetValue(hr)!, upscaler, cancellationToken);
                Console.WriteLine($"{"image",-24} {"size",11} {"PSNR-Y dB",10} {"SSIM-Y",8}");
                foreach (ImageScore s in scores)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Name,-24} {s.Width + "x" + s.Height,11} {s.PsnrY,10:F3} {s.SsimY,8:F4}"));
                }

                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{"average (" + upscaler.Name + ")",-36} {scores.Average(s => s.PsnrY),10:F3} {scores.Average(s => s.SsimY),8:F4}"));
                return ExitCodes.Success;
            }
            catch (Exception e)
            {
                return ExitCodes.Report(e, verbose, Console.Error, "bsrn-video eval");
            }
        });
        return command;
    }
}
