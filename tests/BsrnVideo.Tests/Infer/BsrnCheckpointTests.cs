using System.IO.Compression;
using BsrnVideo.Infer;
using BsrnVideo.Infer.Checkpoints;
using BsrnVideo.Tests.TestUtilities;
using Xunit;

namespace BsrnVideo.Tests.Infer;

public sealed class BsrnCheckpointTests
{
    [Theory]
    [InlineData("net_g_BSRN_x2.pth", BsrnVariant.Bsrn, 64, 8, 2, 331_628)]
    [InlineData("net_g_BSRN_x3.pth", BsrnVariant.Bsrn, 64, 8, 3, 340_283)]
    [InlineData("net_g_BSRN_x4.pth", BsrnVariant.Bsrn, 64, 8, 4, 352_400)]
    [InlineData("net_g_BSRN-S.pth", BsrnVariant.BsrnS, 48, 5, 4, 156_288)]
    public void Load_AuthorsCheckpoint_DerivesHyperParametersAndParameterCount(
        string file, BsrnVariant variant, int features, int blocks, int scale, long parameters)
    {
        BsrnCheckpoint checkpoint = BsrnCheckpoint.Load(Path.Combine(SharedAssets.ModelsDir, file));

        Assert.Equal(new BsrnArchitecture(variant, features, blocks, scale), checkpoint.Architecture);
        Assert.Equal(parameters, checkpoint.ParameterCount);
    }

    [Fact]
    public void Load_Safetensors_MatchesThePyTorchCheckpoint()
    {
        using var temp = new TempDirectory();
        BsrnCheckpoint original = BsrnCheckpoint.Load(Path.Combine(SharedAssets.ModelsDir, "net_g_BSRN-S.pth"));
        string path = temp.File("bsrn-s.safetensors");
        CheckpointFiles.WriteSafetensors(path, original.Tensors);

        BsrnCheckpoint copy = BsrnCheckpoint.Load(path);

        Assert.Equal(original.Architecture, copy.Architecture);
        Assert.Equal(original.ParameterCount, copy.ParameterCount);
        Assert.True(original.Get("B3.esa.conv2.weight").SequenceEqual(copy.Get("B3.esa.conv2.weight")));
    }

    [Fact]
    public void Load_TruncatedFile_ThrowsInferenceExceptionNamingTheFile()
    {
        using var temp = new TempDirectory();
        byte[] bytes = File.ReadAllBytes(Path.Combine(SharedAssets.ModelsDir, "net_g_BSRN_x4.pth"));
        string path = temp.File("truncated.pth");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var e = Assert.Throws<InferenceException>(() => BsrnCheckpoint.Load(path));

        Assert.Contains("truncated.pth", e.Message, StringComparison.Ordinal);
        Assert.Contains("cannot read the checkpoint", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotAZip_ThrowsInferenceExceptionSayingWhatIsExpected()
    {
        using var temp = new TempDirectory();
        string path = temp.File("notes.pth");
        File.WriteAllText(path, "this is not a checkpoint at all");

        var e = Assert.Throws<InferenceException>(() => BsrnCheckpoint.Load(path));

        Assert.Contains("PyTorch zip checkpoint", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ThrowsInferenceException()
    {
        var e = Assert.Throws<InferenceException>(() => BsrnCheckpoint.Load("/nonexistent/net.pth"));

        Assert.Contains("not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ZipWithoutPickle_ThrowsInferenceException()
    {
        using var temp = new TempDirectory();
        string path = temp.File("other.zip");
        using (ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using StreamWriter writer = new(zip.CreateEntry("readme.txt").Open());
            writer.Write("hello");
        }

        var e = Assert.Throws<InferenceException>(() => BsrnCheckpoint.Load(path));

        Assert.Contains("data.pkl", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingTensor_ThrowsInferenceExceptionNamingTheTensor()
    {
        using var temp = new TempDirectory();
        BsrnCheckpoint original = BsrnCheckpoint.Load(Path.Combine(SharedAssets.ModelsDir, "net_g_BSRN_x2.pth"));
        string path = temp.File("missing.safetensors");
        CheckpointFiles.WriteSafetensors(path, original.Tensors.Where(t => t.Name != "B5.esa.conv3.dw.bias"));

        var e = Assert.Throws<InferenceException>(() => BsrnCheckpoint.Load(path));

        Assert.Contains("B5.esa.conv3.dw.bias", e.Message, StringComparison.Ordinal);
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongShape_ThrowsInferenceExceptionNamingTheShape()
    {
        using var temp = new TempDirectory();
        BsrnCheckpoint original = BsrnCheckpoint.Load(Path.Combine(SharedAssets.ModelsDir, "net_g_BSRN_x2.pth"));
        string path = temp.File("wrong.safetensors");
        CheckpointFiles.WriteSafetensors(path, original.Tensors.Select(t =>
            t.Name == "B2.c5.weight" ? CheckpointFiles.Tensor(t.Name, [64, 128], t.Data.ToArray()) : t));

        var e = Assert.Throws<InferenceException>(() => BsrnCheckpoint.Load(path));

        Assert.Contains("B2.c5.weight has shape (64, 128), expected (64, 128, 1, 1)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OtherNetwork_ThrowsInferenceExceptionNamingTheFirstKey()
    {
        using var temp = new TempDirectory();
        string path = temp.File("esrgan.safetensors");
        CheckpointFiles.WriteSafetensors(path, [CheckpointFiles.Tensor("conv_first.weight", [64, 3, 3, 3], new float[64 * 27])]);

        var e = Assert.Throws<InferenceException>(() => BsrnCheckpoint.Load(path));

        Assert.Contains("not a BSRN checkpoint", e.Message, StringComparison.Ordinal);
        Assert.Contains("conv_first.weight (64, 3, 3, 3)", e.Message, StringComparison.Ordinal);
    }
}
