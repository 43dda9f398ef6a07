namespace BsrnVideo.Infer.Models;

/// <summary>
/// Built ONNX graphs kept on disk, keyed by the checkpoint's SHA-256 and the build options (a string such as
/// <c>fp16=1;io=uint8;v=1</c>: anything that changes the graph, including a version to bump when the builder changes).
/// Files are written atomically, so concurrent processes at worst build the same graph twice.
/// </summary>
public sealed class OnnxModelCache
{
    public OnnxModelCache(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The folder holding the <c>.onnx</c> files.</summary>
    public string Directory { get; }

    /// <summary>The cache under a tool cache root (<see cref="ModelStoreOptions.CacheDirectory"/>): <c>&lt;root&gt;/onnx</c>.</summary>
    public static OnnxModelCache InCacheRoot(string cacheDirectory) => new(Path.Combine(cacheDirectory, "onnx"));

    /// <summary>Where the graph for this checkpoint and these options lives (whether or not it exists yet).</summary>
    public string GetPath(string checkpointSha256, string optionsKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointSha256);
        ArgumentNullException.ThrowIfNull(optionsKey);
        if (checkpointSha256.Length != 64 || !checkpointSha256.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"'{checkpointSha256}' is not a hex SHA-256.", nameof(checkpointSha256));
        }

        string optionsHash = FileHash.Sha256(System.Text.Encoding.UTF8.GetBytes(optionsKey))[..16];
        return Path.Combine(Directory, $"bsrn-{checkpointSha256.ToLowerInvariant()[..16]}-{optionsHash}.onnx");
    }

    /// <summary>Deletes the cached graph for this checkpoint and options, if there is one (e.g. found damaged).</summary>
    public void Remove(ResolvedCheckpoint checkpoint, string optionsKey)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        try
        {
            File.Delete(GetPath(checkpoint.Sha256, optionsKey));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InferenceException($"Could not remove the damaged cached graph {GetPath(checkpoint.Sha256, optionsKey)}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Returns the cached graph's path, first calling <paramref name="build"/> (checkpoint path → ONNX bytes) and
    /// writing its result if the graph is not cached yet. Exceptions from <paramref name="build"/> propagate and leave nothing.
    /// </summary>
    public string GetOrCreate(
        string checkpointPath, string optionsKey, Func<string, byte[]> build, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointPath);
        string sha;
        try
        {
            sha = FileHash.Sha256(checkpointPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InferenceException($"Could not read checkpoint {checkpointPath}: {e.Message}", e);
        }

        return GetOrCreate(checkpointPath, sha, optionsKey, build, cancellationToken);
    }

    /// <summary>As above for a checkpoint whose SHA-256 is already known (no re-hash).</summary>
    public string GetOrCreate(
        ResolvedCheckpoint checkpoint, string optionsKey, Func<string, byte[]> build, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return GetOrCreate(checkpoint.Path, checkpoint.Sha256, optionsKey, build, cancellationToken);
    }

    private string GetOrCreate(
        string checkpointPath, string sha, string optionsKey, Func<string, byte[]> build, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        string path = GetPath(sha, optionsKey);
        if (File.Exists(path))
        {
            return path;
        }

        cancellationToken.ThrowIfCancellationRequested();
        byte[] onnx = build(checkpointPath);
        if (onnx is null || onnx.Length == 0)
        {
            throw new InferenceException($"Building the ONNX graph from {checkpointPath} ({optionsKey}) produced no bytes.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using AtomicFileWriter writer = AtomicFileWriter.Create(path);
            writer.Stream.Write(onnx);
            writer.Commit();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InferenceException(
                $"Could not write the ONNX graph for {checkpointPath} to {path}: {e.Message}. Check that the cache folder is writable.", e);
        }

        return path;
    }
}
