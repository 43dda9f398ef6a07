#pragma warning disable CA1008, CA1028, CA1027 // Enums mirror FFmpeg's C enums value for value.

namespace BsrnVideo.FFmpeg.Native;

internal enum AVMediaType
{
    Unknown = -1,
    Video = 0,
    Audio = 1,
    Data = 2,
    Subtitle = 3,
    Attachment = 4,
}

internal enum AVCodecID
{
    None = 0,
    Mjpeg = 7,
    RawVideo = 13,
    H264 = 27,
    Png = 61,
    Aac = 86018,
}

internal enum AVPixelFormat
{
    None = -1,
    Yuv420P = 0,
    Rgb24 = 2,
    Gray8 = 8,
    Yuvj420P = 12,
    Rgb48Le = 35,
    Yuv420P10Le = 62,
    Gbrp = 71,
}

/// <summary>Numeric constants from FFmpeg 5.1's headers (checked by the ABI probe test).</summary>
internal static class AvConstants
{
    public const long AV_NOPTS_VALUE = long.MinValue;
    public const int AVERROR_EAGAIN = -11;
    public const int AVERROR_ENOMEM = -12;
    public const int AVERROR_EINVAL = -22;
    public const int AVERROR_EOF = -541478725;
    public const int AVERROR_INVALIDDATA = -1094995529;
    public const int AVERROR_EACCES = -13;
    public const int AVERROR_ENOSPC = -28;
    public const int AVERROR_EROFS = -30;
    public const int AVERROR_EDQUOT = -122;
    public const int AVERROR_EXIT = -1414092869;

    public const int AVFMT_NOFILE = 0x0001;
    public const int AVFMT_GLOBALHEADER = 0x0040;
    public const int AV_CODEC_FLAG_GLOBAL_HEADER = 1 << 22;
    public const int AVIO_FLAG_WRITE = 2;
    public const int AV_CODEC_CAP_DELAY = 1 << 5;

    public const int SWS_BICUBIC = 4;
    public const int SWS_POINT = 0x10;
    public const int SWS_FULL_CHR_H_INT = 0x2000;
    public const int SWS_FULL_CHR_H_INP = 0x4000;
    public const int SWS_ACCURATE_RND = 0x40000;
    public const int SWS_BITEXACT = 0x80000;

    public const int SWS_CS_ITU709 = 1;
    public const int SWS_CS_ITU601 = 5;
    public const int SWS_CS_BT2020 = 9;

    public const int AVCOL_SPC_RGB = 0;
    public const int AVCOL_SPC_BT709 = 1;
    public const int AVCOL_SPC_UNSPECIFIED = 2;
    public const int AVCOL_SPC_BT470BG = 5;
    public const int AVCOL_SPC_SMPTE170M = 6;
    public const int AVCOL_SPC_BT2020_NCL = 9;
    public const int AVCOL_SPC_BT2020_CL = 10;
    public const int AVCOL_RANGE_UNSPECIFIED = 0;
    public const int AVCOL_RANGE_MPEG = 1;
    public const int AVCOL_RANGE_JPEG = 2;

    public const int AV_PKT_DATA_DISPLAYMATRIX = 5;
    public const int FF_THREAD_FRAME = 1;
    public const int FF_THREAD_SLICE = 2;
    public const int AV_PKT_FLAG_KEY = 1;
    public const int AV_FRAME_FLAG_CORRUPT = 1;
    public const int AV_OPT_SEARCH_CHILDREN = 1;
    public const int AV_LOG_QUIET = -8;
    public const int AV_LOG_ERROR = 16;
    public const int AV_LOG_WARNING = 24;
    public const int AV_DISPOSITION_ATTACHED_PIC = 0x0400;
    public const int FF_COMPLIANCE_NORMAL = 0;
    public const ulong AV_PIX_FMT_FLAG_RGB = 1 << 5;
    public const int AV_DICT_IGNORE_SUFFIX = 2;
    public const int AV_SAMPLE_FMT_FLTP = 8;
}
