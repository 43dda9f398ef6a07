namespace BsrnVideo.Infer.Onnx;

/// <summary>How much memory inference may plan on.</summary>
internal static class MemoryBudget
{
    /// <summary>
    /// Peak resident memory per input pixel of a float32 BSRN x4 run on the CPU: measured here as the slope of
    /// maxrss over 160x90, 320x180 and 480x270 stills (223, 513, 966 MB: about 6.5 KB per pixel), rounded up.
    /// </summary>
    public const long BsrnBytesPerInputPixel = 7 * 1024;

    /// <summary>MemAvailable from /proc/meminfo (what can be allocated without swapping), else the GC's view.</summary>
    public static long AvailableBytes()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    string kb = line["MemAvailable:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }
}
