using System.Reflection;
using System.Runtime.InteropServices;
using BsrnVideo.FFmpeg.Native;

namespace BsrnVideo.FFmpeg;

/// <summary>
/// Maps the short library names of the imports to the sonames of the FFmpeg release whose struct layouts
/// <c>Abi59</c> mirrors, and refuses to run against any other major version.
/// </summary>
public static class LibAvLoader
{
    /// <summary>The FFmpeg release this build mirrors: 5.1 (Debian 12).</summary>
    public const string SupportedRelease = "FFmpeg 5.1 (libavformat 59, libavcodec 59, libavutil 57, libswscale 6)";

    private static readonly (string Name, string Soname, int Major)[] s_libraries =
    [
        ("avformat", "libavformat.so.59", 59),
        ("avcodec", "libavcodec.so.59", 59),
        ("avutil", "libavutil.so.57", 57),
        ("swscale", "libswscale.so.6", 6),
    ];

    private static readonly Lock s_gate = new();
    private static bool s_ready;

    /// <summary>
    /// Installs the resolver, loads the four libraries and checks their major versions. Idempotent; every type of
    /// this assembly that calls FFmpeg goes through it first.
    /// </summary>
    /// <exception cref="FFmpegUnavailableException">A library is missing or of another major version.</exception>
    public static void EnsureCompatible()
    {
        if (Volatile.Read(ref s_ready))
        {
            return;
        }

        lock (s_gate)
        {
            if (s_ready)
            {
                return;
            }

            NativeLibrary.SetDllImportResolver(typeof(LibAvLoader).Assembly, Resolve);
            CheckVersions();
            LibAvUtil.av_log_set_level(AvConstants.AV_LOG_QUIET);
            Volatile.Write(ref s_ready, true);
        }
    }

    /// <summary>
    /// Lets FFmpeg's own warnings through to stderr (<c>--verbose</c>); by default FFmpeg is silent and its errors
    /// reach the user through our exceptions' messages instead.
    /// </summary>
    public static void ShowWarnings()
    {
        EnsureCompatible();
        LibAvUtil.av_log_set_level(AvConstants.AV_LOG_WARNING);
    }

    /// <summary>The versions found, as "libavformat 59.27.100, ...".</summary>
    public static string DescribeVersions()
    {
        EnsureCompatible();
        return string.Join(", ", FoundVersions().Select(v => $"lib{v.Name} {Format(v.Version)}"));
    }

    private static IEnumerable<(string Name, uint Version)> FoundVersions() =>
    [
        ("avformat", LibAvFormat.avformat_version()),
        ("avcodec", LibAvCodec.avcodec_version()),
        ("avutil", LibAvUtil.avutil_version()),
        ("swscale", LibSwScale.swscale_version()),
    ];

    private static void CheckVersions()
    {
        try
        {
            foreach ((string name, uint version) in FoundVersions())
            {
                int expected = s_libraries.First(l => l.Name == name).Major;
                if ((int)(version >> 16) != expected)
                {
                    throw new FFmpegUnavailableException(
                        $"lib{name} {Format(version)} was found, but this build supports {SupportedRelease}; " +
                        "install Debian 12's FFmpeg libraries (apt-get install libavformat59 libavcodec59 libswscale6).");
                }
            }
        }
        catch (DllNotFoundException e)
        {
            throw new FFmpegUnavailableException(
                $"The FFmpeg libraries could not be loaded ({e.Message}); this build needs {SupportedRelease}: " +
                "apt-get install libavformat59 libavcodec59 libswscale6.", e);
        }
    }

    private static string Format(uint version) => $"{version >> 16}.{(version >> 8) & 0xff}.{version & 0xff}";

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        foreach ((string name, string soname, int major) in s_libraries)
        {
            if (libraryName == name)
            {
                if (NativeLibrary.TryLoad(soname, assembly, searchPath, out nint handle))
                {
                    return handle;
                }

                throw new DllNotFoundException($"{soname} (lib{name} major {major}) is not installed");
            }
        }

        return 0;
    }
}
