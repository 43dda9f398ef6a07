using BsrnVideo.FFmpeg.Handles;
using BsrnVideo.FFmpeg.Native;
using BsrnVideo.Frames;

namespace BsrnVideo.FFmpeg;

/// <summary>
/// One swscale conversion (size and/or pixel format) with explicit colour handling: the YUV matrix and range of
/// each side are set from the stream's tags, so nothing is guessed per call. Used for YUV to RGB (decode side),
/// RGB to YUV (encode side) and the bicubic upscaler.
/// </summary>
public sealed unsafe class PictureScaler : IDisposable
{
    private readonly SwsContextHandle _context;

    private PictureScaler(int srcWidth, int srcHeight, AVPixelFormat srcFormat, int dstWidth, int dstHeight, AVPixelFormat dstFormat, int flags, YuvEncoding source, YuvEncoding destination)
    {
        LibAvLoader.EnsureCompatible();
        SourceWidth = srcWidth;
        SourceHeight = srcHeight;
        SourceFormat = srcFormat;
        DestinationWidth = dstWidth;
        DestinationHeight = dstHeight;
        DestinationFormat = dstFormat;
        _context = new SwsContextHandle(LibSwScale.sws_getContext(srcWidth, srcHeight, srcFormat, dstWidth, dstHeight, dstFormat, flags, null, null, null));
        if (_context.IsInvalid)
        {
            throw new AvException(
                $"swscale cannot convert {Name(srcFormat)} {srcWidth}x{srcHeight} to {Name(dstFormat)} {dstWidth}x{dstHeight}.");
        }

        // Returns -1 for RGB-only conversions, where the tables do not apply: that is fine.
        _ = LibSwScale.sws_setColorspaceDetails(
            _context.Pointer,
            LibSwScale.sws_getCoefficients(source.SwsColorspace),
            source.FullRange ? 1 : 0,
            LibSwScale.sws_getCoefficients(destination.SwsColorspace),
            destination.FullRange ? 1 : 0,
            0,
            1 << 16,
            1 << 16);
    }

    internal int SourceWidth { get; }

    internal int SourceHeight { get; }

    internal AVPixelFormat SourceFormat { get; }

    internal int DestinationWidth { get; }

    internal int DestinationHeight { get; }

    internal AVPixelFormat DestinationFormat { get; }

    /// <summary>
    /// Decoded picture to packed RGB of <paramref name="width"/> x <paramref name="height"/> (the stream's size: a
    /// stream that changes size mid-way is scaled back to it, as the ffmpeg CLI does).
    /// </summary>
    public static PictureScaler ToRgb(NativeFrame source, ColorTags streamColor, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        YuvEncoding encoding = YuvEncoding.For(source.Format, source.Color.Matrix != AvConstants.AVCOL_SPC_UNSPECIFIED ? source.Color : streamColor, height);
        return new PictureScaler(
            source.Width, source.Height, source.Format, width, height, AVPixelFormat.Rgb24, QualityFlags, encoding, YuvEncoding.Rgb);
    }

    /// <summary>Packed RGB to the encoder's pixel format, same size, with the matrix and range of <paramref name="target"/>.</summary>
    public static PictureScaler FromRgb(int width, int height, string pixelFormat, YuvEncoding target) =>
        new(width, height, AVPixelFormat.Rgb24, width, height, PixelFormats.Parse(pixelFormat), QualityFlags, YuvEncoding.Rgb, target);

    /// <summary>Packed RGB resized with swscale's bicubic filter (the quality floor every model must beat).</summary>
    public static PictureScaler BicubicRgb(int srcWidth, int srcHeight, int dstWidth, int dstHeight) =>
        new(srcWidth, srcHeight, AVPixelFormat.Rgb24, dstWidth, dstHeight, AVPixelFormat.Rgb24, AvConstants.SWS_BICUBIC | AvConstants.SWS_ACCURATE_RND, YuvEncoding.Rgb, YuvEncoding.Rgb);

    /// <summary>Same-size colour conversion with accurate rounding and full-resolution chroma.</summary>
    private static int QualityFlags => AvConstants.SWS_BICUBIC | AvConstants.SWS_ACCURATE_RND | AvConstants.SWS_FULL_CHR_H_INT | AvConstants.SWS_FULL_CHR_H_INP;

    public void Convert(NativeFrame source, RgbFrame destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        CheckGeometry(source.Width, source.Height, destination.Width, destination.Height);
        fixed (byte* rgb = destination.Pixels)
        {
            byte** dst = stackalloc byte*[4] { rgb, null, null, null };
            int* dstStride = stackalloc int[4] { destination.Stride, 0, 0, 0 };
            AVFrame* frame = source.Pointer;
            Run((byte**)frame->data, frame->linesize, dst, dstStride);
        }
    }

    public void Convert(RgbFrame source, NativeFrame destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        destination.EnsureBuffer(DestinationWidth, DestinationHeight, DestinationFormat);
        CheckGeometry(source.Width, source.Height, destination.Width, destination.Height);
        fixed (byte* rgb = source.Pixels)
        {
            byte** src = stackalloc byte*[4] { rgb, null, null, null };
            int* srcStride = stackalloc int[4] { source.Stride, 0, 0, 0 };
            AVFrame* frame = destination.Pointer;
            Run(src, srcStride, (byte**)frame->data, frame->linesize);
        }
    }

    public void Convert(RgbFrame source, RgbFrame destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        CheckGeometry(source.Width, source.Height, destination.Width, destination.Height);
        fixed (byte* s = source.Pixels)
        fixed (byte* d = destination.Pixels)
        {
            byte** src = stackalloc byte*[4] { s, null, null, null };
            int* srcStride = stackalloc int[4] { source.Stride, 0, 0, 0 };
            byte** dst = stackalloc byte*[4] { d, null, null, null };
            int* dstStride = stackalloc int[4] { destination.Stride, 0, 0, 0 };
            Run(src, srcStride, dst, dstStride);
        }
    }

    /// <summary>Whether this scaler was built for frames of this geometry and format.</summary>
    public bool Fits(NativeFrame source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Width == SourceWidth && source.Height == SourceHeight && source.Format == SourceFormat;
    }

    public void Dispose() => _context.Dispose();

    private void Run(byte** src, int* srcStride, byte** dst, int* dstStride)
    {
        int rows = LibSwScale.sws_scale(_context.Pointer, src, srcStride, 0, SourceHeight, dst, dstStride);
        if (rows < 0)
        {
            AvResult.Throw(rows, "converting a picture");
        }
    }

    private void CheckGeometry(int srcWidth, int srcHeight, int dstWidth, int dstHeight)
    {
        if (srcWidth != SourceWidth || srcHeight != SourceHeight || dstWidth != DestinationWidth || dstHeight != DestinationHeight)
        {
            throw new ArgumentException(
                $"Picture scaler for {SourceWidth}x{SourceHeight} -> {DestinationWidth}x{DestinationHeight} got {srcWidth}x{srcHeight} -> {dstWidth}x{dstHeight}.");
        }
    }

    private static string Name(AVPixelFormat format) => Utf8.From(LibAvUtil.av_get_pix_fmt_name(format));
}
