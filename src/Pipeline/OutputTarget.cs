using BsrnVideo.Encode;

namespace BsrnVideo.Pipeline;

/// <summary>
/// The safe-output rule: write into <c>&lt;output&gt;.partial</c> beside the target, move it over the target only
/// when the file is complete, delete it on any failure. The target path itself is never opened for writing.
/// </summary>
public sealed class OutputTarget : IDisposable
{
    private bool _committed;

    private OutputTarget(string finalPath)
    {
        FinalPath = finalPath;
        PartialPath = finalPath + ".partial";
    }

    public string FinalPath { get; }

    public string PartialPath { get; }

    /// <summary>Checks the output path against the input and what is already on disk.</summary>
    /// <exception cref="EncodeException">The output would overwrite the input or an existing file, or its folder is missing.</exception>
    public static OutputTarget Prepare(string input, string output, bool overwrite)
    {
        ArgumentException.ThrowIfNullOrEmpty(output);
        string full = Path.GetFullPath(output);
        if (IsLocalPath(input) && SameFile(Path.GetFullPath(input), full))
        {
            throw new EncodeException($"{output}: the output is the input file; choose another output name.");
        }

        string? folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new EncodeException($"{output}: the folder {folder} does not exist; create it first.");
        }

        if (Directory.Exists(full))
        {
            throw new EncodeException($"{output}: is a folder; give a file name such as {Path.Combine(output, "out.mp4")}.");
        }

        if (File.Exists(full) && !overwrite)
        {
            throw new EncodeException($"{output}: already exists; pass -y to overwrite it.");
        }

        return new OutputTarget(full);
    }

    /// <summary>Moves the finished partial file over the target.</summary>
    public void Commit()
    {
        File.Move(PartialPath, FinalPath, overwrite: true);
        _committed = true;
    }

    /// <summary>Keeps the partial file under <paramref name="path"/> (an interrupted run's playable remainder).</summary>
    public void KeepPartialAs(string path)
    {
        File.Move(PartialPath, path, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        if (!_committed)
        {
            try
            {
                File.Delete(PartialPath);
            }
            catch (IOException)
            {
                // Best effort: the message the user gets already says what failed.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    internal static bool IsLocalPath(string input) => !input.Contains("://", StringComparison.Ordinal) && !input.StartsWith("pipe:", StringComparison.Ordinal);

    private static bool SameFile(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return true;
        }

        // Links: compare where they lead.
        try
        {
            string ra = new FileInfo(a).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? a;
            string rb = new FileInfo(b).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? b;
            return string.Equals(ra, rb, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
