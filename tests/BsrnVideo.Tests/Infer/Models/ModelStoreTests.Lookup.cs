using BsrnVideo.Infer;
using BsrnVideo.Infer.Models;
using BsrnVideo.Tests.TestUtilities;
using Xunit;

namespace BsrnVideo.Tests.Infer.Models;

public sealed partial class ModelStoreTests
{
    [Fact]
    public async Task ResolveAsync_EveryPlaceHasTheFile_PrefersExplicitThenModelsDirectoryThenCache()
    {
        using StaticFileServer server = ServeCheckpoint();
        string explicitPath = PlaceFile("explicit", "my-copy.pth");
        string modelsDirectory = Path.GetDirectoryName(PlaceFile("models", s_model.FileName))!;
        PlaceFile(Path.Combine("cache", "checkpoints"), s_model.FileName);
        ModelStoreOptions all = Options(server.BaseUrl) with { CheckpointPath = explicitPath, ModelsDirectory = modelsDirectory };

        ResolvedCheckpoint fromExplicit = await ResolveWith(all);
        ResolvedCheckpoint fromModels = await ResolveWith(all with { CheckpointPath = null });
        ResolvedCheckpoint fromCache = await ResolveWith(all with { CheckpointPath = null, ModelsDirectory = null });

        Assert.Equal((CheckpointSource.Explicit, explicitPath), (fromExplicit.Source, fromExplicit.Path));
        Assert.Equal((CheckpointSource.ModelsDirectory, Path.Combine(modelsDirectory, s_model.FileName)), (fromModels.Source, fromModels.Path));
        Assert.Equal((CheckpointSource.Cache, CachedFile), (fromCache.Source, fromCache.Path));
        Assert.Equal(0, server.RequestCount);
    }

    [Fact]
    public async Task ResolveAsync_ModelsDirectoryLacksFile_FallsBackToDownload()
    {
        using StaticFileServer server = ServeCheckpoint();
        Directory.CreateDirectory(_temp.File("empty-models"));

        ResolvedCheckpoint resolved = await ResolveWith(Options(server.BaseUrl) with { ModelsDirectory = _temp.File("empty-models") });

        Assert.Equal(CheckpointSource.Download, resolved.Source);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task ResolveAsync_ModelsDirectoryFileHasWrongHash_ThrowsNamingFileAndBothHashes()
    {
        using StaticFileServer server = ServeCheckpoint();
        byte[] corrupted = Corrupted(Checkpoint);
        string bad = PlaceFile("models", s_model.FileName, corrupted);

        var error = await Assert.ThrowsAsync<InferenceException>(
            () => ResolveWith(Options(server.BaseUrl) with { ModelsDirectory = Path.GetDirectoryName(bad) }));

        Assert.Contains(bad, error.Message, StringComparison.Ordinal);
        Assert.Contains(s_model.Sha256, error.Message, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(corrupted)), error.Message, StringComparison.Ordinal);
        Assert.Contains("BSRN_VIDEO_MODELS", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.RequestCount);
    }

    [Fact]
    public async Task ResolveAsync_CachedFileHasWrongHash_ThrowsNamingFileAndBothHashes()
    {
        using StaticFileServer server = ServeCheckpoint();
        string bad = PlaceFile(Path.Combine("cache", "checkpoints"), s_model.FileName, Corrupted(Checkpoint));

        var error = await Assert.ThrowsAsync<InferenceException>(() => ResolveWith(Options(server.BaseUrl)));

        Assert.Contains(bad, error.Message, StringComparison.Ordinal);
        Assert.Contains(s_model.Sha256, error.Message, StringComparison.Ordinal);
        Assert.Contains("Delete it", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.RequestCount);
    }

    [Fact]
    public async Task ResolveAsync_ExplicitPathMissing_ThrowsNamingThePath()
    {
        string missing = _temp.File("nope.pth");

        var error = await Assert.ThrowsAsync<InferenceException>(
            () => ResolveWith(Options(StaticFileServer.UnreachableUrl()) with { CheckpointPath = missing }));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("--checkpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_ExplicitPathIsAnotherCatalogueModel_ThrowsNamingBothModels()
    {
        string x2 = Path.Combine(SharedAssets.ModelsDir, ModelCatalog.BsrnX2.FileName);

        var error = await Assert.ThrowsAsync<InferenceException>(
            () => ResolveWith(Options(StaticFileServer.UnreachableUrl()) with { CheckpointPath = x2 }));

        Assert.Contains("bsrn-x2", error.Message, StringComparison.Ordinal);
        Assert.Contains("bsrn-s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_ExplicitPathIsCustomCheckpoint_IsUsedAsGiven()
    {
        string custom = PlaceFile("explicit", "finetuned.pth", Corrupted(Checkpoint));

        ResolvedCheckpoint resolved = await ResolveWith(Options(StaticFileServer.UnreachableUrl()) with { CheckpointPath = custom });

        Assert.Equal(CheckpointSource.Explicit, resolved.Source);
        Assert.Equal(custom, resolved.Path);
        Assert.False(resolved.IsCatalogueFile);
    }

    [Fact]
    public async Task ResolveAsync_NothingFoundAndServerUnreachable_ThrowsNamingEveryPlaceAndWhatToSet()
    {
        Uri unreachable = StaticFileServer.UnreachableUrl();
        string modelsDirectory = _temp.File("models");

        var error = await Assert.ThrowsAsync<InferenceException>(
            () => ResolveWith(Options(unreachable) with { ModelsDirectory = modelsDirectory }));

        Assert.Contains("--checkpoint: not given", error.Message, StringComparison.Ordinal);
        Assert.Contains($"BSRN_VIDEO_MODELS: {Path.Combine(modelsDirectory, s_model.FileName)} does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains($"cache: {CachedFile} does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains($"download: {unreachable}{s_model.FileName} failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("Pass --checkpoint", error.Message, StringComparison.Ordinal);
        Assert.Contains("set BSRN_VIDEO_MODELS", error.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task ResolveAsync_DownloadTurnedOff_ThrowsWithoutAskingServer()
    {
        using StaticFileServer server = ServeCheckpoint();

        var error = await Assert.ThrowsAsync<InferenceException>(
            () => ResolveWith(Options(server.BaseUrl) with { AllowDownload = false }));

        Assert.Contains("BSRN_VIDEO_MODELS: not set", error.Message, StringComparison.Ordinal);
        Assert.Contains("download: turned off", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.RequestCount);
    }

    private async Task<ResolvedCheckpoint> ResolveWith(ModelStoreOptions options)
    {
        using var store = new ModelStore(options);
        return await store.ResolveAsync(s_model, cancellationToken: Token);
    }
}
