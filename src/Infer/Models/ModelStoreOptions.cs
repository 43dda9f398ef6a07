namespace BsrnVideo.Infer.Models;

/// <summary>
/// Where <see cref="ModelStore"/> looks for checkpoints and where it downloads them from. <see cref="FromEnvironment"/>
/// fills the defaults from <c>BSRN_VIDEO_MODELS</c>, <c>BSRN_VIDEO_MODEL_URL</c> and <c>XDG_CACHE_HOME</c>/<c>HOME</c>;
/// callers (and tests) override with <c>with { ... }</c>.
/// </summary>
public sealed record ModelStoreOptions
{
    public const string ModelsDirectoryVariable = "BSRN_VIDEO_MODELS";

    public const string BaseUrlVariable = "BSRN_VIDEO_MODEL_URL";

    /// <summary>A checkpoint file given explicitly (<c>--checkpoint</c>); when set, nothing else is searched.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>A folder holding checkpoints under their published file names (<c>BSRN_VIDEO_MODELS</c>).</summary>
    public string? ModelsDirectory { get; init; }

    /// <summary>The tool's cache root (<c>~/.cache/bsrn-video</c>); checkpoints go in its <c>checkpoints/</c> folder.</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>Address of the folder the checkpoint files are downloaded from (<c>BSRN_VIDEO_MODEL_URL</c>).</summary>
    public Uri BaseUrl { get; init; } = ModelCatalog.DefaultBaseUrl;

    /// <summary>How long a download may receive nothing before it is given up (default 30 s).</summary>
    public TimeSpan DownloadStallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>False to never touch the network (the search stops at the cache).</summary>
    public bool AllowDownload { get; init; } = true;

    /// <summary>
    /// Options from environment variables, read through <paramref name="getVariable"/>
    /// (default <see cref="Environment.GetEnvironmentVariable(string)"/>) so tests need not change the process.
    /// </summary>
    public static ModelStoreOptions FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        string? modelsDirectory = getVariable(ModelsDirectoryVariable);
        string? baseUrl = getVariable(BaseUrlVariable);
        return new ModelStoreOptions
        {
            ModelsDirectory = string.IsNullOrWhiteSpace(modelsDirectory) ? null : modelsDirectory,
            CacheDirectory = UserCacheDirectory.Resolve(getVariable),
            BaseUrl = string.IsNullOrWhiteSpace(baseUrl) ? ModelCatalog.DefaultBaseUrl : ParseBaseUrl(baseUrl),
        };
    }

    private static Uri ParseBaseUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new InferenceException($"{BaseUrlVariable}={value} is not an absolute http(s) address; unset it to use {ModelCatalog.DefaultBaseUrl}.");
}
