using BsrnVideo.Infer;
using BsrnVideo.Infer.Models;
using Xunit;

namespace BsrnVideo.Tests.Infer.Models;

public sealed partial class ModelStoreTests
{
    [Fact]
    public async Task ResolveAsync_NothingLocal_DownloadsVerifiesAndCachesWithProgress()
    {
        using StaticFileServer server = ServeCheckpoint();
        using var store = new ModelStore(Options(server.BaseUrl));
        var progress = new ProgressRecorder();

        ResolvedCheckpoint resolved = await store.ResolveAsync(s_model, progress, Token);

        Assert.Equal(CheckpointSource.Download, resolved.Source);
        Assert.Equal(CachedFile, resolved.Path);
        Assert.Equal(s_model.Sha256, resolved.Sha256);
        Assert.True(resolved.IsCatalogueFile);
        Assert.Equal(Checkpoint, await File.ReadAllBytesAsync(resolved.Path, Token));
        Assert.Equal(1, server.RequestsFor(s_model.FileName));
        Assert.Equal(new DownloadProgress(0, Checkpoint.Length), progress.Reports[0]);
        Assert.Equal(new DownloadProgress(Checkpoint.Length, Checkpoint.Length), progress.Reports[^1]);
        Assert.True(progress.Reports.Zip(progress.Reports.Skip(1)).All(p => p.First.BytesReceived <= p.Second.BytesReceived));
        Assert.Equal([s_model.FileName], Directory.GetFiles(Path.GetDirectoryName(CachedFile)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ResolveAsync_SecondCall_UsesCacheWithoutAskingServer()
    {
        using StaticFileServer server = ServeCheckpoint();
        using var store = new ModelStore(Options(server.BaseUrl));
        await store.ResolveAsync(s_model, cancellationToken: Token);

        ResolvedCheckpoint again = await store.ResolveAsync("bsrn-s", cancellationToken: Token);

        Assert.Equal(CheckpointSource.Cache, again.Source);
        Assert.Equal(CachedFile, again.Path);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task ResolveAsync_ServerSendsDifferentBytes_RejectsWithHashesAndLeavesNoFile()
    {
        byte[] corrupted = Corrupted(Checkpoint);
        using StaticFileServer server = ServeCheckpoint(corrupted);
        using var store = new ModelStore(Options(server.BaseUrl));

        var error = await Assert.ThrowsAsync<InferenceException>(() => store.ResolveAsync(s_model, cancellationToken: Token));

        Assert.Contains(s_model.Sha256, error.Message, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(corrupted)), error.Message, StringComparison.Ordinal);
        Assert.Contains(store.GetDownloadUrl(s_model).AbsoluteUri, error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(CacheRoot) ? Directory.GetFiles(CacheRoot, "*", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public async Task ResolveAsync_ServerSendsTooManyBytes_StopsAndLeavesNoFile()
    {
        using StaticFileServer server = ServeCheckpoint([.. Checkpoint, .. new byte[100_000]]);
        using var store = new ModelStore(Options(server.BaseUrl));

        var error = await Assert.ThrowsAsync<InferenceException>(() => store.ResolveAsync(s_model, cancellationToken: Token));

        Assert.Contains($"more than the {s_model.SizeBytes} bytes", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(CacheRoot) ? Directory.GetFiles(CacheRoot, "*", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public async Task ResolveAsync_ServerAnswers404_ThrowsNamingPlacesAndStatus()
    {
        using var server = new StaticFileServer(new Dictionary<string, byte[]>());
        using var store = new ModelStore(Options(server.BaseUrl));

        var error = await Assert.ThrowsAsync<InferenceException>(() => store.ResolveAsync(s_model, cancellationToken: Token));

        Assert.Contains("404", error.Message, StringComparison.Ordinal);
        Assert.Contains(CachedFile, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task ResolveAsync_ServerStallsMidBody_GivesUpAfterStallTimeoutAndLeavesNoFile()
    {
        using var server = new StaticFileServer(new Dictionary<string, byte[]> { [s_model.FileName] = Checkpoint }, stallAfterBytes: 1000);
        using var store = new ModelStore(Options(server.BaseUrl) with { DownloadStallTimeout = TimeSpan.FromMilliseconds(300) });

        var error = await Assert.ThrowsAsync<InferenceException>(() => store.ResolveAsync(s_model, cancellationToken: Token));

        Assert.Contains("no data received from 127.0.0.1 for 0.3 s", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(CacheRoot) ? Directory.GetFiles(CacheRoot, "*", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public async Task ResolveAsync_CancelledToken_ThrowsOperationCanceled()
    {
        using StaticFileServer server = ServeCheckpoint();
        using var store = new ModelStore(Options(server.BaseUrl));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ResolveAsync(s_model, cancellationToken: cancelled.Token));
        Assert.False(File.Exists(CachedFile));
    }

    [Fact]
    public void GetDownloadUrl_BaseWithoutTrailingSlash_AppendsFileName()
    {
        using var store = new ModelStore(Options(new Uri("http://127.0.0.1:9/some/folder")));

        Assert.Equal("http://127.0.0.1:9/some/folder/net_g_BSRN-S.pth", store.GetDownloadUrl(s_model).AbsoluteUri);
    }

    [Fact]
    public void GetDownloadUrl_DefaultBase_IsAuthorsRepositoryAtPinnedCommit()
    {
        using var store = new ModelStore(new ModelStoreOptions { CacheDirectory = CacheRoot });

        Assert.Equal(
            "https://github.com/xiaom233/BSRN/raw/2d63d5239c9fa9810b9c1aea93e98d42ece09efc/experiments/pretrained_models/net_g_BSRN_x4.pth",
            store.GetDownloadUrl(ModelCatalog.BsrnX4).AbsoluteUri);
    }
}
