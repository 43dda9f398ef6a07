namespace BsrnVideo.Infer.Models;

/// <summary>
/// Writes a file so that readers see either nothing or the whole file: the bytes go to a hidden temp file beside
/// the target, and <see cref="Commit"/> renames it over the target. Disposing without committing deletes the temp.
/// </summary>
internal sealed class AtomicFileWriter : IDisposable, IAsyncDisposable
{
    private readonly string _targetPath;
    private readonly string _tempPath;
    private bool _committed;

    private AtomicFileWriter(string targetPath, string tempPath, FileStream stream)
    {
        _targetPath = targetPath;
        _tempPath = tempPath;
        Stream = stream;
    }

    public FileStream Stream { get; }

    /// <summary>Creates the target's folder if needed and opens a fresh temp file in it.</summary>
    public static AtomicFileWriter Create(string targetPath)
    {
        string fullPath = Path.GetFullPath(targetPath);
        string directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        string tempPath = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.partial");
        var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16, FileOptions.Asynchronous);
        return new AtomicFileWriter(fullPath, tempPath, stream);
    }

    /// <summary>Flushes to disk and moves the temp file over the target (replacing any file there).</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        Stream.Flush(flushToDisk: true);
        Stream.Dispose();
        File.Move(_tempPath, _targetPath, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        if (!_committed)
        {
            Stream.Dispose();
            TryDeleteTemp();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            await Stream.DisposeAsync().ConfigureAwait(false);
            TryDeleteTemp();
        }
    }

    private void TryDeleteTemp()
    {
        try
        {
            File.Delete(_tempPath);
        }
        catch (IOException)
        {
            // Best effort: a leftover hidden .partial file is harmless and never read.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
