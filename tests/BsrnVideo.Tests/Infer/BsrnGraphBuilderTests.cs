using BsrnVideo.Infer.Checkpoints;
using BsrnVideo.Infer.Graph;
using BsrnVideo.Infer.Onnx;
using BsrnVideo.Tests.TestUtilities;
using Xunit;

namespace BsrnVideo.Tests.Infer;

public sealed class BsrnGraphBuilderTests
{
    public static TheoryData<string, string> Rewrites => new()
    {
        { "net_g_BSRN_x2.pth", "product" },
        { "net_g_BSRN_x2.pth", "identity-residual" },
        { "net_g_BSRN_x2.pth", "nchwc" },
        { "net_g_BSRN_x2.pth", "nchwc-ort-gelu" },
        { "net_g_BSRN-S.pth", "nchwc" },
        { "net_g_BSRN_x2.pth", "fused-siblings" },
        { "net_g_BSRN-S.pth", "product" },
        { "net_g_BSRN-S.pth", "fused-siblings" },
    };

    [Theory]
    [MemberData(nameof(Rewrites))]
    public void Build_Rewrite_GivesTheSameOutputAsTheLiteralTranscription(string file, string rewrite)
    {
        Assert.SkipWhen(rewrite.StartsWith("nchwc", StringComparison.Ordinal) && NchwcSupport.BlockSize == 0, "ONNX Runtime uses no NCHWc layout on this CPU");
        BsrnCheckpoint checkpoint = BsrnCheckpoint.Load(Path.Combine(SharedAssets.ModelsDir, file));
        var literal = new BsrnGraphOptions
        {
            IoUInt8 = true,
            NchwcBlockSize = 0,
            FoldConstants = false,
            SplitConcatConvolutions = false,
            SinglePassStatistics = false,
        };
        BsrnGraphOptions variant = rewrite switch
        {
            "identity-residual" => BsrnGraphOptions.Product with { ResidualThroughIdentityConv = true },
            "nchwc" => BsrnGraphOptions.Product with { NchwcBlockSize = NchwcSupport.BlockSize },
            "nchwc-ort-gelu" => BsrnGraphOptions.Product with { NchwcBlockSize = NchwcSupport.BlockSize, FusedOperators = false },
            "fused-siblings" => BsrnGraphOptions.Product with { FuseSiblingPointwise = true },
            _ => BsrnGraphOptions.Product,
        };
        int scale = checkpoint.Architecture.Scale;
        TestImage low = Set5.Low("butterfly", scale).Crop(40, 36);

        TestImage expected = Run(checkpoint, literal, low);
        TestImage actual = Run(checkpoint, variant, low);

        int worst = 0;
        for (int i = 0; i < expected.Rgb.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected.Rgb[i] - actual.Rgb[i]));
        }

        Assert.True(worst <= 1, $"{rewrite} differs from the literal graph by up to {worst} levels");
    }

    [Fact]
    public void Build_Fp32Graph_CountsTheCheckpointsParametersInItsMetadata()
    {
        BsrnCheckpoint checkpoint = BsrnCheckpoint.Load(Path.Combine(SharedAssets.ModelsDir, "net_g_BSRN-S.pth"));

        Onnx.ModelProto model = BsrnGraphBuilder.BuildModel(checkpoint, BsrnGraphOptions.Product);

        Assert.Equal("156288", model.MetadataProps.Single(p => p.Key == BsrnModelMetadata.ParameterCount).Value);
        Assert.Equal(BsrnGraphBuilder.Opset, model.OpsetImport.Single().Version);
    }

    private static TestImage Run(BsrnCheckpoint checkpoint, BsrnGraphOptions graph, TestImage low)
    {
        using OnnxUpscaler upscaler = OnnxUpscaler.FromCheckpoint(checkpoint, new OnnxUpscalerOptions { Device = "cpu", Graph = graph });
        return Set5.Upscale(upscaler, low);
    }
}
