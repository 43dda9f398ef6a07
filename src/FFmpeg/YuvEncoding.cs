using BsrnVideo.FFmpeg.Native;
using BsrnVideo.Frames;

namespace BsrnVideo.FFmpeg;

/// <summary>
/// How YUV samples map to RGB: the matrix (as a swscale colorspace constant) and the range. Chosen from the stream's
/// tags; untagged video follows the usual convention: BT.709 for HD (height of 720 and above), BT.601 below.
/// </summary>
public readonly unsafe record struct YuvEncoding(int SwsColorspace, bool FullRange, int AvColorspace)
{
    /// <summary>Packed RGB: no matrix, full range.</summary>
    public static YuvEncoding Rgb => new(AvConstants.SWS_CS_ITU601, true, AvConstants.AVCOL_SPC_RGB);

    /// <summary>The encoding of a YUV picture of <paramref name="height"/> rows tagged with <paramref name="tags"/>.</summary>
    public static YuvEncoding For(ColorTags tags, int height, bool fullRangeFormat = false)
    {
        int matrix = tags.Matrix;
        if (matrix is AvConstants.AVCOL_SPC_UNSPECIFIED or AvConstants.AVCOL_SPC_RGB or 3 /* reserved */)
        {
            matrix = height >= 720 ? AvConstants.AVCOL_SPC_BT709 : AvConstants.AVCOL_SPC_SMPTE170M;
        }

        int sws = matrix switch
        {
            AvConstants.AVCOL_SPC_BT709 => AvConstants.SWS_CS_ITU709,
            AvConstants.AVCOL_SPC_BT2020_NCL or AvConstants.AVCOL_SPC_BT2020_CL => AvConstants.SWS_CS_BT2020,
            _ => AvConstants.SWS_CS_ITU601,
        };
        bool full = tags.Range == AvConstants.AVCOL_RANGE_JPEG || (tags.Range == AvConstants.AVCOL_RANGE_UNSPECIFIED && fullRangeFormat);
        return new YuvEncoding(sws, full, matrix);
    }

    internal static YuvEncoding For(AVPixelFormat format, ColorTags tags, int height)
    {
        if (PixelFormats.IsRgb(format))
        {
            return Rgb;
        }

        // The deprecated yuvj* formats mean full range even when untagged.
        bool fullRangeFormat = Utf8.From(LibAvUtil.av_get_pix_fmt_name(format)).StartsWith("yuvj", StringComparison.Ordinal);
        return For(tags, height, fullRangeFormat);
    }
}
