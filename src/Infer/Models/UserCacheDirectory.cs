namespace BsrnVideo.Infer.Models;

/// <summary>The tool's per-user cache root: <c>$XDG_CACHE_HOME/bsrn-video</c>, else <c>~/.cache/bsrn-video</c>.</summary>
public static class UserCacheDirectory
{
    public const string FolderName = "bsrn-video";

    public static string Resolve(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;

        // The XDG base directory spec says relative values are invalid and must be ignored.
        string? xdg = getVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, FolderName);
        }

        string? home = getVariable("HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        return Path.Combine(home, ".cache", FolderName);
    }
}
