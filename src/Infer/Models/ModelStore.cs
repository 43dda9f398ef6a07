namespace BsrnVideo.Infer.Models;

/// <summary>
/// Finds the checkpoint file for a catalogue model. Looks, in order: the explicit path (<c>--checkpoint</c>); the
/// folder in <c>BSRN_VIDEO_MODELS</c>; the user cache; else downloads it from the public address into the cache.
/// Files found by name are checked against the catalogue SHA-256 and a mismatch is an error, never skipped.
/// </summary>
public sealed class ModelStore : IDisposable
{
    private readonly ModelStoreOptions _options;
    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly CheckpointDownloader _downloader;

    /// <summary>A store with its own <see cref="HttpClient"/>, disposed with the store.</summary>
    public ModelStore(ModelStoreOptions options)
        : this(options, new HttpClient(), ownsHttpClient: true)
    {
    }

    /// <summary>A store that downloads through <paramref name="httpClient"/> (not disposed by the store).</summary>
    public ModelStore(ModelStoreOptions options, HttpClient httpClient)
        : this(options, httpClient, ownsHttpClient: false)
    {
    }

    private ModelStore(ModelStoreOptions options, HttpClient httpClient, bool ownsHttpClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        _options = options;
        _httpClient = httpClient;
        _ownsHttpClient = ownsHttpClient;
        _downloader = new CheckpointDownloader(httpClient, options.DownloadStallTimeout);
    }

    /// <summary>The folder downloaded checkpoints are kept in: <c>&lt;cache&gt;/checkpoints</c>.</summary>
    public string CheckpointCacheDirectory => Path.Combine(_options.CacheDirectory, "checkpoints");

    /// <summary>The address <paramref name="model"/> is downloaded from.</summary>
    public Uri GetDownloadUrl(ModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(model);
        string baseUrl = _options.BaseUrl.AbsoluteUri;
        return new Uri(baseUrl + (baseUrl.EndsWith('/') ? string.Empty : "/") + Uri.EscapeDataString(model.FileName));
    }

    /// <summary>
    /// Returns a verified checkpoint for <paramref name="model"/>, downloading it if needed.
    /// <paramref name="progress"/> hears about download bytes only.
    /// </summary>
    /// <exception cref="InferenceException">
    /// A file has the wrong SHA-256 (the message names it and both hashes), or nothing was found and the download
    /// failed (the message names each place searched and what to set).
    /// </exception>
    public async Task<ResolvedCheckpoint> ResolveAsync(
        ModelInfo model, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        cancellationToken.ThrowIfCancellationRequested();
        if (_options.CheckpointPath is { } explicitPath)
        {
            return await ResolveExplicitAsync(model, explicitPath, cancellationToken).ConfigureAwait(false);
        }

        var searched = new List<string> { "--checkpoint: not given" };
        if (_options.ModelsDirectory is { } modelsDirectory)
        {
            string candidate = Path.GetFullPath(Path.Combine(modelsDirectory, model.FileName));
            if (File.Exists(candidate))
            {
                string sha = await CheckpointVerifier.VerifyAsync(
                    candidate, model, $"Replace it with the published file, or unset {ModelStoreOptions.ModelsDirectoryVariable}.", cancellationToken)
                    .ConfigureAwait(false);
                return new ResolvedCheckpoint(model, candidate, sha, CheckpointSource.ModelsDirectory);
            }

            searched.Add($"{ModelStoreOptions.ModelsDirectoryVariable}: {candidate} does not exist");
        }
        else
        {
            searched.Add($"{ModelStoreOptions.ModelsDirectoryVariable}: not set");
        }

        string cached = Path.GetFullPath(Path.Combine(CheckpointCacheDirectory, model.FileName));
        if (File.Exists(cached))
        {
            string sha = await CheckpointVerifier.VerifyAsync(cached, model, "Delete it to download it again.", cancellationToken)
                .ConfigureAwait(false);
            return new ResolvedCheckpoint(model, cached, sha, CheckpointSource.Cache);
        }

        searched.Add($"cache: {cached} does not exist");
        Uri url = GetDownloadUrl(model);
        if (!_options.AllowDownload)
        {
            searched.Add($"download: turned off (would fetch {url})");
            throw NotFound(model, url, searched, innerException: null);
        }

        try
        {
            string sha = await _downloader.DownloadAsync(url, model, cached, progress, cancellationToken).ConfigureAwait(false);
            return new ResolvedCheckpoint(model, cached, sha, CheckpointSource.Download);
        }
        catch (Exception e) when (IsDownloadFailure(e, cancellationToken))
        {
            searched.Add($"download: {url} failed: {e.Message}");
            throw NotFound(model, url, searched, e);
        }
    }

    /// <summary>Resolves the catalogue model called <paramref name="modelName"/> (see <see cref="ModelCatalog.Get"/>).</summary>
    public Task<ResolvedCheckpoint> ResolveAsync(
        string modelName, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ResolveAsync(ModelCatalog.Get(modelName), progress, cancellationToken);

    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    /// <summary>
    /// An explicit file is used as given, so a user's own fine-tuned checkpoint works; only a published file of a
    /// <em>different</em> catalogue model (say the x2 file for <c>bsrn-x4</c>) is refused.
    /// </summary>
    private static async Task<ResolvedCheckpoint> ResolveExplicitAsync(ModelInfo model, string path, CancellationToken cancellationToken)
    {
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new InferenceException($"Checkpoint {fullPath} (--checkpoint) does not exist.");
        }

        string sha;
        try
        {
            sha = await FileHash.Sha256Async(fullPath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InferenceException($"Could not read checkpoint {fullPath} (--checkpoint): {e.Message}", e);
        }

        if (ModelCatalog.FindBySha256(sha) is { } other && other != model)
        {
            throw new InferenceException(
                $"Checkpoint {fullPath} (--checkpoint) is the published {other.Name} file {other.FileName} (x{other.Scale}), " +
                $"not {model.Name} (x{model.Scale}): choose the model {other.Name} or pass the {model.FileName} file.");
        }

        return new ResolvedCheckpoint(model, fullPath, sha, CheckpointSource.Explicit);
    }

    private static bool IsDownloadFailure(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or IOException or UnauthorizedAccessException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested); // HttpClient.Timeout

    private static InferenceException NotFound(ModelInfo model, Uri url, List<string> searched, Exception? innerException)
    {
        string message =
            $"No checkpoint for {model.Name} ({model.FileName}) was found. Looked in:{Environment.NewLine}" +
            string.Join(Environment.NewLine, searched.Select(s => "  " + s)) + Environment.NewLine +
            $"Pass --checkpoint <path to {model.FileName}>, or set {ModelStoreOptions.ModelsDirectoryVariable} to a folder that holds it " +
            $"(it can be downloaded from {url}).";
        return innerException is null ? new InferenceException(message) : new InferenceException(message, innerException);
    }
}
