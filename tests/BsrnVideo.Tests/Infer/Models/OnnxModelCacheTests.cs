using System.Security.Cryptography;
using BsrnVideo.Infer;
using BsrnVideo.Infer.Models;
using BsrnVideo.Tests.TestUtilities;
using Xunit;

namespace BsrnVideo.Tests.Infer.Models;

public sealed class OnnxModelCacheTests : IDisposable
{
    private const string Options = "fp16=1;io=uint8;v=1";

    private readonly TempDirectory _temp = new();
    private readonly string _checkpoint;
    private readonly OnnxModelCache _cache;
    private int _builds;

    public OnnxModelCacheTests()
    {
        _checkpoint = _temp.File("model.pth");
        File.WriteAllBytes(_checkpoint, [1, 2, 3, 4]);
        _cache = OnnxModelCache.InCacheRoot(_temp.File("cache"));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void GetOrCreate_NotCached_BuildsFromCheckpointAndWritesFile()
    {
        string? builtFrom = null;

        string path = _cache.GetOrCreate(_checkpoint, Options, p => { builtFrom = p; return Build(p); }, TestContext.Current.CancellationToken);

        Assert.Equal(_checkpoint, builtFrom);
        Assert.Equal([9, 8, 7], File.ReadAllBytes(path));
        Assert.Equal(Path.Combine(_temp.File("cache"), "onnx"), Path.GetDirectoryName(path));
        Assert.EndsWith(".onnx", path, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(_cache.Directory));
    }

    [Fact]
    public void GetOrCreate_AlreadyCached_ReturnsSamePathWithoutBuilding()
    {
        string first = _cache.GetOrCreate(_checkpoint, Options, Build, TestContext.Current.CancellationToken);

        string second = _cache.GetOrCreate(_checkpoint, Options, Build, TestContext.Current.CancellationToken);

        Assert.Equal(first, second);
        Assert.Equal(1, _builds);
    }

    [Fact]
    public void GetPath_DifferentOptionsOrCheckpoint_GivesDifferentFiles()
    {
        string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_checkpoint)));
        string other = new('a', 64);

        string path = _cache.GetPath(sha, Options);

        Assert.Equal(path, _cache.GetOrCreate(_checkpoint, Options, Build, TestContext.Current.CancellationToken));
        Assert.NotEqual(path, _cache.GetPath(sha, "fp16=0;io=uint8;v=1"));
        Assert.NotEqual(path, _cache.GetPath(other, Options));
        Assert.Equal(path, _cache.GetPath(sha.ToUpperInvariant(), Options));
    }

    [Fact]
    public void GetOrCreate_ResolvedCheckpoint_UsesItsHashWithoutRehashing()
    {
        // A hash that is deliberately not the file's: the cache must key on what the resolver measured.
        var resolved = new ResolvedCheckpoint(ModelCatalog.BsrnS, _checkpoint, ModelCatalog.BsrnS.Sha256, CheckpointSource.Cache);

        string path = _cache.GetOrCreate(resolved, Options, Build, TestContext.Current.CancellationToken);

        Assert.Equal(_cache.GetPath(ModelCatalog.BsrnS.Sha256, Options), path);
    }

    [Fact]
    public void GetOrCreate_BuildThrows_PropagatesAndLeavesNoFile()
    {
        var error = Assert.Throws<InferenceException>(() => _cache.GetOrCreate(
            _checkpoint, Options, _ => throw new InferenceException("unsupported layer"), TestContext.Current.CancellationToken));

        Assert.Equal("unsupported layer", error.Message);
        Assert.False(Directory.Exists(_cache.Directory) && Directory.EnumerateFileSystemEntries(_cache.Directory).Any());
    }

    [Fact]
    public void GetOrCreate_BuildReturnsNothing_ThrowsNamingCheckpoint()
    {
        var error = Assert.Throws<InferenceException>(
            () => _cache.GetOrCreate(_checkpoint, Options, _ => [], TestContext.Current.CancellationToken));

        Assert.Contains(_checkpoint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetOrCreate_CheckpointMissing_ThrowsNamingIt()
    {
        string missing = _temp.File("missing.pth");

        var error = Assert.Throws<InferenceException>(() => _cache.GetOrCreate(missing, Options, Build, TestContext.Current.CancellationToken));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _builds);
    }

    [Fact]
    public void GetOrCreate_Cancelled_ThrowsBeforeBuilding()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => _cache.GetOrCreate(_checkpoint, Options, Build, cancelled.Token));
        Assert.Equal(0, _builds);
    }

    private byte[] Build(string checkpointPath)
    {
        Interlocked.Increment(ref _builds);
        return [9, 8, 7];
    }
}
