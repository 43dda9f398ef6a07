using BsrnVideo.Infer;
using BsrnVideo.Infer.Models;
using BsrnVideo.Tests.TestUtilities;
using Xunit;

namespace BsrnVideo.Tests.Infer.Models;

public sealed class ModelCatalogTests
{
    [Theory]
    [InlineData("bsrn-x2", 2, "net_g_BSRN_x2.pth")]
    [InlineData("bsrn-x3", 3, "net_g_BSRN_x3.pth")]
    [InlineData("bsrn-x4", 4, "net_g_BSRN_x4.pth")]
    [InlineData("bsrn-s", 4, "net_g_BSRN-S.pth")]
    [InlineData("BSRN-X4", 4, "net_g_BSRN_x4.pth")]
    public void Get_KnownName_ReturnsFileAndScale(string name, int scale, string fileName)
    {
        ModelInfo model = ModelCatalog.Get(name);

        Assert.Equal(scale, model.Scale);
        Assert.Equal(fileName, model.FileName);
    }

    [Fact]
    public void Get_UnknownName_ThrowsListingKnownModels()
    {
        var error = Assert.Throws<InferenceException>(() => ModelCatalog.Get("bsrn-x8"));

        Assert.Contains("bsrn-x8", error.Message, StringComparison.Ordinal);
        Assert.Contains("bsrn-x2", error.Message, StringComparison.Ordinal);
        Assert.Contains("bsrn-s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_EveryEntry_MatchesSharedSha256SumsAndFileSize()
    {
        Dictionary<string, string> sums = File.ReadAllLines(Path.Combine(SharedAssets.ModelsDir, "SHA256SUMS"))
            .Where(line => line.Length > 0)
            .Select(line => line.Split("  ", 2))
            .ToDictionary(parts => parts[1], parts => parts[0], StringComparer.Ordinal);

        Assert.Equal(4, ModelCatalog.All.Count);
        foreach (ModelInfo model in ModelCatalog.All)
        {
            Assert.Equal(sums[model.FileName], model.Sha256);
            Assert.Equal(new FileInfo(Path.Combine(SharedAssets.ModelsDir, model.FileName)).Length, model.SizeBytes);
        }
    }

    [Fact]
    public void FindBySha256_PublishedHash_ReturnsThatModel()
    {
        Assert.Same(ModelCatalog.BsrnS, ModelCatalog.FindBySha256(ModelCatalog.BsrnS.Sha256.ToUpperInvariant()));
        Assert.Null(ModelCatalog.FindBySha256(new string('0', 64)));
    }
}
