using BsrnVideo.Infer.Checkpoints;
using BsrnVideo.Infer.Graph;
using BsrnVideo.Infer.Onnx;
using BsrnVideo.Tests.TestUtilities;
using Xunit;

namespace BsrnVideo.Tests.Infer;

/// <summary>The BSRN graph on ORT's CPU provider against the authors' published Set5 PSNR-Y.</summary>
public sealed class OnnxUpscalerQualityTests
{
    private static readonly OnnxUpscalerOptions s_cpu = new() { Device = "cpu" };

    [Theory]
    [InlineData("net_g_BSRN_x4.pth", 4, 32.349)]
    [InlineData("net_g_BSRN_x3.pth", 3, 34.450)]
    [InlineData("net_g_BSRN_x2.pth", 2, 38.083)]
    [InlineData("net_g_BSRN-S.pth", 4, 32.157)]
    public void Upscale_Set5_MatchesTheAuthorsPsnrY(string file, int scale, double expected)
    {
        using OnnxUpscaler upscaler = OnnxUpscaler.FromCheckpoint(BsrnCheckpoint.Load(Path.Combine(SharedAssets.ModelsDir, file)), s_cpu);

        double psnr = Set5.AveragePsnrY(upscaler, scale);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{file}: Set5 PSNR-Y {psnr:F4} dB (authors {expected}), CPU graph {(NchwcSupport.BlockSize > 0 ? $"NCHWc{NchwcSupport.BlockSize}" : "portable")}");
        Assert.Equal(scale, upscaler.Scale);
        Assert.InRange(psnr, expected - 0.01, expected + 0.01);
    }

    [Theory]
    [InlineData("net_g_BSRN_x4.pth", 4, 32.349)]
    [InlineData("net_g_BSRN-S.pth", 4, 32.157)]
    public void Upscale_PortableGraph_MatchesTheAuthorsPsnrY(string file, int scale, double expected)
    {
        // The default CPU graph is the NCHWc one where ORT uses that layout; this covers the portable graph
        // (what `model export` writes and what runs on CUDA) on the CPU provider.
        var options = s_cpu with { Graph = BsrnGraphOptions.Product };
        using OnnxUpscaler upscaler = OnnxUpscaler.FromCheckpoint(BsrnCheckpoint.Load(Path.Combine(SharedAssets.ModelsDir, file)), options);

        double psnr = Set5.AveragePsnrY(upscaler, scale);

        TestContext.Current.TestOutputHelper?.WriteLine($"{file} portable graph: Set5 PSNR-Y {psnr:F4} dB (authors {expected})");
        Assert.InRange(psnr, expected - 0.01, expected + 0.01);
    }
}
