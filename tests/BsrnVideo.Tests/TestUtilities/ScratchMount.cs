namespace BsrnVideo.Tests.TestUtilities;

/// <summary>
/// A small tmpfs the test mounts (a full disk: <c>size=64k</c>; a read-only one: <c>ro</c>) and unmounts on
/// dispose. Needs root with CAP_SYS_ADMIN; where mounting is not allowed <see cref="TryMount"/> returns null and the
/// caller skips, saying why.
/// </summary>
internal sealed class ScratchMount : IDisposable
{
    private readonly TempDirectory _parent;

    private ScratchMount(TempDirectory parent, string path)
    {
        _parent = parent;
        Path = path;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public static ScratchMount? TryMount(string options, out string why)
    {
        var parent = new TempDirectory();
        string path = parent.File("mnt");
        Directory.CreateDirectory(path);
        ProcessResult result;
        try
        {
            result = ExternalTool.TryRun("mount", ["-t", "tmpfs", "-o", options, "tmpfs", path]);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            result = new ProcessResult(-1, string.Empty, e.Message); // no mount(8) at all
        }

        if (result.ExitCode != 0)
        {
            why = $"mount -t tmpfs -o {options} is not allowed here: {result.StandardError.Trim()}";
            parent.Dispose();
            return null;
        }

        why = string.Empty;
        return new ScratchMount(parent, path);
    }

    public void Dispose()
    {
        ExternalTool.TryRun("umount", [Path]);
        _parent.Dispose();
    }
}
