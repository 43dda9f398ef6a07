using BsrnVideo.Infer.Checkpoints;
using BsrnVideo.Infer.Onnx;
using BsrnVideo.Tests.TestUtilities;
using Xunit;

namespace BsrnVideo.Tests.Infer;

/// <summary>
/// Runs only on a machine with an NVIDIA GPU and CUDA: tagged <c>Category=Gpu</c> (filter it out with
/// <c>--filter "Category!=Gpu"</c>) and skipped when no NVIDIA driver is present.
/// </summary>
[Trait("Category", "Gpu")]
public sealed class OnnxUpscalerGpuTests
{
    [Theory]
    [InlineData(true, 0.05)]
    [InlineData(false, 0.01)]
    public void Upscale_CudaSet5X4_MatchesTheAuthorsPsnrY(bool fp16, double tolerance)
    {
        Assert.SkipUnless(Directory.Exists("/proc/driver/nvidia"), "no NVIDIA driver on this machine");
        var options = new OnnxUpscalerOptions { Device = "cuda", Fp16 = fp16 };
        using OnnxUpscaler upscaler = OnnxUpscaler.FromCheckpoint(BsrnCheckpoint.Load(Path.Combine(SharedAssets.ModelsDir, "net_g_BSRN_x4.pth")), options);

        double psnr = Set5.AveragePsnrY(upscaler, 4);

        TestContext.Current.TestOutputHelper?.WriteLine($"cuda fp16={fp16}: Set5 x4 PSNR-Y {psnr:F4} dB");
        Assert.Equal("cuda", upscaler.Provider);
        Assert.InRange(psnr, 32.349 - tolerance, 32.349 + tolerance);
    }
}
