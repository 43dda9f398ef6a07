using System.CommandLine;

namespace BsrnVideo.Cli.Commands;

/// <summary><c>bsrn-video eval --hr DIR --lr DIR</c>: PSNR/SSIM as the SR literature computes them.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var command = new Command("eval", "Score the upscaler on a folder of LR/HR image pairs (PSNR-Y, SSIM-Y)");
        return command;
    }
}
