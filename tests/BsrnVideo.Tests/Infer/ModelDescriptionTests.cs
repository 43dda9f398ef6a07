using BsrnVideo.Infer;
using BsrnVideo.Infer.Graph;
using BsrnVideo.Infer.Onnx;
using BsrnVideo.Tests.TestUtilities;
using Xunit;

namespace BsrnVideo.Tests.Infer;

public sealed class ModelDescriptionTests
{
    [Fact]
    public void Read_ExportedBsrnModel_SummarisesShapesScaleAndParameters()
    {
        using var temp = new TempDirectory();
        string onnx = temp.File("x4.onnx");
        BsrnGraphBuilder.Export(Path.Combine(SharedAssets.ModelsDir, "net_g_BSRN_x4.pth"), onnx, BsrnGraphOptions.Product with { Fp16 = true });

        ModelDescription description = ModelDescription.Read(onnx);
        string text = description.ToString();

        TestContext.Current.TestOutputHelper?.WriteLine(text);
        Assert.Equal(4, description.Scale);
        Assert.Equal(352_400, description.ParameterCount);
        Assert.Equal(BsrnGraphBuilder.Opset, description.Opset);
        Assert.Equal("input: uint8 [batch, height, width, 3]", description.Inputs.Single().ToString());
        Assert.Equal("output: uint8 [batch, out_height, out_width, 3]", description.Outputs.Single().ToString());
        Assert.Contains("BSRN, num_feat 64, 8 blocks, fp16", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ModelWithoutMetadata_FindsTheScaleByAProbeRun()
    {
        using var temp = new TempDirectory();
        string onnx = temp.File("plain.onnx");
        var checkpoint = BsrnVideo.Infer.Checkpoints.BsrnCheckpoint.Load(Path.Combine(SharedAssets.ModelsDir, "net_g_BSRN_x3.pth"));
        Onnx.ModelProto model = BsrnGraphBuilder.BuildModel(checkpoint, new BsrnGraphOptions());
        model.MetadataProps.Clear();
        File.WriteAllBytes(onnx, Google.Protobuf.MessageExtensions.ToByteArray(model));

        ModelDescription description = ModelDescription.Read(onnx);

        Assert.Equal(3, description.Scale);
        Assert.Equal("probe run", description.ScaleSource);
        Assert.Equal("input: float32 [batch, 3, height, width]", description.Inputs.Single().ToString());
    }

    [Fact]
    public void Read_NotOnnx_ThrowsInferenceException()
    {
        using var temp = new TempDirectory();
        string path = temp.File("x.onnx");
        File.WriteAllBytes(path, [0xff, 0xff, 0xff, 0x01, 0x02]);

        var e = Assert.Throws<InferenceException>(() => ModelDescription.Read(path));

        Assert.Contains("x.onnx", e.Message, StringComparison.Ordinal);
    }
}
