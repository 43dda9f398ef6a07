using BsrnVideo.Infer;
using BsrnVideo.Infer.Models;
using Xunit;

namespace BsrnVideo.Tests.Infer.Models;

/// <summary>Environment handling through a lookup function: no test changes the process environment.</summary>
public sealed class ModelStoreOptionsTests
{
    [Fact]
    public void FromEnvironment_NothingSet_UsesHomeCacheAndPublicAddress()
    {
        ModelStoreOptions options = ModelStoreOptions.FromEnvironment(Lookup(("HOME", "/home/u")));

        Assert.Null(options.CheckpointPath);
        Assert.Null(options.ModelsDirectory);
        Assert.Equal("/home/u/.cache/bsrn-video", options.CacheDirectory);
        Assert.Equal(ModelCatalog.DefaultBaseUrl, options.BaseUrl);
        Assert.True(options.AllowDownload);
    }

    [Fact]
    public void FromEnvironment_VariablesSet_TakesModelsFolderUrlAndXdgCache()
    {
        ModelStoreOptions options = ModelStoreOptions.FromEnvironment(Lookup(
            ("HOME", "/home/u"),
            ("XDG_CACHE_HOME", "/var/cache/u"),
            ("BSRN_VIDEO_MODELS", "/opt/models"),
            ("BSRN_VIDEO_MODEL_URL", "http://mirror.local/bsrn/")));

        Assert.Equal("/opt/models", options.ModelsDirectory);
        Assert.Equal("/var/cache/u/bsrn-video", options.CacheDirectory);
        Assert.Equal(new Uri("http://mirror.local/bsrn/"), options.BaseUrl);
    }

    [Fact]
    public void FromEnvironment_RelativeXdgCacheHome_IsIgnored()
    {
        ModelStoreOptions options = ModelStoreOptions.FromEnvironment(Lookup(("HOME", "/home/u"), ("XDG_CACHE_HOME", "relative/cache")));

        Assert.Equal("/home/u/.cache/bsrn-video", options.CacheDirectory);
    }

    [Fact]
    public void FromEnvironment_BadModelUrl_ThrowsNamingTheVariable()
    {
        var error = Assert.Throws<InferenceException>(
            () => ModelStoreOptions.FromEnvironment(Lookup(("HOME", "/home/u"), ("BSRN_VIDEO_MODEL_URL", "ftp://x/"))));

        Assert.Contains("BSRN_VIDEO_MODEL_URL=ftp://x/", error.Message, StringComparison.Ordinal);
    }

    private static Func<string, string?> Lookup(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
