using BsrnVideo.FFmpeg.Native;

namespace BsrnVideo.FFmpeg;

/// <summary>Pixel format facts read from FFmpeg's descriptors.</summary>
public static unsafe class PixelFormats
{
    public static string Name(int format)
    {
        LibAvLoader.EnsureCompatible();
        return Utf8.From(LibAvUtil.av_get_pix_fmt_name((AVPixelFormat)format));
    }

    public static int BitDepth(int format)
    {
        LibAvLoader.EnsureCompatible();
        AVPixFmtDescriptor* descriptor = LibAvUtil.av_pix_fmt_desc_get((AVPixelFormat)format);
        return descriptor is null ? 8 : descriptor->comp.depth;
    }

    public static bool IsRgb(int format) => IsRgb((AVPixelFormat)format);

    internal static bool IsRgb(AVPixelFormat format)
    {
        LibAvLoader.EnsureCompatible();
        AVPixFmtDescriptor* descriptor = LibAvUtil.av_pix_fmt_desc_get(format);
        return descriptor is not null && (descriptor->flags & AvConstants.AV_PIX_FMT_FLAG_RGB) != 0;
    }

    internal static AVPixelFormat Parse(string name)
    {
        LibAvLoader.EnsureCompatible();
        AVPixelFormat format = LibAvUtil.av_get_pix_fmt(name);
        return format == AVPixelFormat.None ? throw new AvException($"Unknown pixel format '{name}'.") : format;
    }
}
