namespace BsrnVideo.Tests.TestUtilities;

/// <summary>
/// Finds the project's shared test data: <c>BSRN_SHARED_DIR</c> if set, else the first <c>shared/</c> folder
/// beside one of this assembly's parent folders (the checkout's sibling). Fails loudly if absent.
/// </summary>
internal static class SharedAssets
{
    private static readonly Lazy<string> s_root = new(Locate);

    public static string Root => s_root.Value;

    public static string ModelsDir => Path.Combine(Root, "models");

    public static string VideoDir => Path.Combine(Root, "data", "video");

    public static string Set5Dir => Path.Combine(Root, "data", "images", "Set5");

    public static string Video(string name) => Path.Combine(VideoDir, name);

    private static string Locate()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("BSRN_SHARED_DIR");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return Directory.Exists(fromEnv)
                ? fromEnv
                : throw new DirectoryNotFoundException($"BSRN_SHARED_DIR={fromEnv} does not exist.");
        }

        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "models")) && Directory.Exists(Path.Combine(candidate, "data")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            "The shared test data (models/, data/) was not found beside the checkout; set BSRN_SHARED_DIR.");
    }
}
