using BsrnVideo.Infer.Checkpoints;
using BsrnVideo.Infer.Models;
using BsrnVideo.Infer.Onnx;
using BsrnVideo.Tests.TestUtilities;
using Xunit;

namespace BsrnVideo.Tests.Infer;

/// <summary>The built-graph cache as the CLI uses it: real checkpoint, real ORT session, files on disk.</summary>
public sealed class OnnxUpscalerGraphCacheTests : IDisposable
{
    private static readonly OnnxUpscalerOptions Cpu = new() { Device = "cpu" };

    private readonly TempDirectory _temp = new();
    private readonly OnnxModelCache _cache;
    private readonly ResolvedCheckpoint _checkpoint;

    public OnnxUpscalerGraphCacheTests()
    {
        _cache = OnnxModelCache.InCacheRoot(_temp.File("cache"));
        string path = Path.Combine(SharedAssets.ModelsDir, ModelCatalog.BsrnS.FileName);
        _checkpoint = new ResolvedCheckpoint(ModelCatalog.BsrnS, path, FileHash.Sha256(path), CheckpointSource.ModelsDirectory);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void FromCheckpoint_SecondOpen_ReusesTheCachedGraphFile()
    {
        using (OnnxUpscaler.FromCheckpoint(_checkpoint, _cache, Cpu))
        {
        }

        string file = Assert.Single(Directory.GetFiles(_cache.Directory, "*.onnx"));
        DateTime written = File.GetLastWriteTimeUtc(file);

        using OnnxUpscaler second = OnnxUpscaler.FromCheckpoint(_checkpoint, _cache, Cpu);

        Assert.Equal(file, Assert.Single(Directory.GetFiles(_cache.Directory, "*.onnx")));
        Assert.Equal(written, File.GetLastWriteTimeUtc(file));
        Assert.Equal("bsrn-s-x4", second.Name);
    }

    [Fact]
    public void FromCheckpoint_CachedGraph_UpscalesExactlyLikeAFreshBuild()
    {
        using (OnnxUpscaler.FromCheckpoint(_checkpoint, _cache, Cpu))
        {
        }

        using OnnxUpscaler cached = OnnxUpscaler.FromCheckpoint(_checkpoint, _cache, Cpu);
        using OnnxUpscaler fresh = OnnxUpscaler.FromCheckpoint(BsrnCheckpoint.Load(_checkpoint.Path), Cpu);
        TestImage low = Set5.Low("bird", 4).Crop(40, 24);

        Assert.Equal(Set5.Upscale(fresh, low).Rgb, Set5.Upscale(cached, low).Rgb);
    }

    [Fact]
    public void FromCheckpoint_DamagedCachedGraph_IsRebuilt()
    {
        using (OnnxUpscaler.FromCheckpoint(_checkpoint, _cache, Cpu))
        {
        }

        string file = Assert.Single(Directory.GetFiles(_cache.Directory, "*.onnx"));
        long size = new FileInfo(file).Length;
        File.WriteAllBytes(file, [0x08, 0x07, 0xff, 0xff, 0x12]);

        using OnnxUpscaler reopened = OnnxUpscaler.FromCheckpoint(_checkpoint, _cache, Cpu);

        Assert.Equal(size, new FileInfo(file).Length);
        TestImage sr = Set5.Upscale(reopened, Set5.Low("head", 4).Crop(20, 20));
        Assert.Equal((80, 80), (sr.Width, sr.Height));
    }
}
