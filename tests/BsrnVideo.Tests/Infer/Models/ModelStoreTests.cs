using BsrnVideo.Infer.Models;
using BsrnVideo.Tests.TestUtilities;
using Xunit;

namespace BsrnVideo.Tests.Infer.Models;

/// <summary>
/// <see cref="ModelStore"/> against real files and a real HTTP server on 127.0.0.1 serving a copy of the BSRN-S
/// checkpoint. Options are passed explicitly; no test changes the process environment.
/// </summary>
public sealed partial class ModelStoreTests : IDisposable
{
    private static readonly ModelInfo s_model = ModelCatalog.BsrnS;
    private static readonly Lazy<byte[]> s_checkpoint = new(() => File.ReadAllBytes(Path.Combine(SharedAssets.ModelsDir, s_model.FileName)));

    private readonly TempDirectory _temp = new();
    private readonly CancellationTokenSource _timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

    public ModelStoreTests()
    {
        _timeout.CancelAfter(TimeSpan.FromSeconds(60));
    }

    private static byte[] Checkpoint => s_checkpoint.Value;

    private CancellationToken Token => _timeout.Token;

    private string CacheRoot => _temp.File("cache");

    private string CachedFile => Path.Combine(CacheRoot, "checkpoints", s_model.FileName);

    public void Dispose()
    {
        _timeout.Dispose();
        _temp.Dispose();
    }

    private static StaticFileServer ServeCheckpoint(byte[]? body = null) =>
        new(new Dictionary<string, byte[]> { [s_model.FileName] = body ?? Checkpoint });

    private ModelStoreOptions Options(Uri baseUrl) => new() { CacheDirectory = CacheRoot, BaseUrl = baseUrl };

    /// <summary>Writes <paramref name="bytes"/> (default: the real checkpoint) as <c>folder/name</c> under the temp folder.</summary>
    private string PlaceFile(string folder, string name, byte[]? bytes = null)
    {
        string path = Path.Combine(_temp.Path, folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes ?? Checkpoint);
        return path;
    }

    private static byte[] Corrupted(byte[] original)
    {
        byte[] copy = (byte[])original.Clone();
        copy[copy.Length / 2] ^= 0xFF;
        return copy;
    }

    private sealed class ProgressRecorder : IProgress<DownloadProgress>
    {
        public List<DownloadProgress> Reports { get; } = [];

        public void Report(DownloadProgress value) => Reports.Add(value);
    }
}
