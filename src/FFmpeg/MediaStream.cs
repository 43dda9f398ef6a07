using BsrnVideo.FFmpeg.Native;
using BsrnVideo.Frames;

namespace BsrnVideo.FFmpeg;

/// <summary>The kinds of stream a container holds.</summary>
public enum MediaKind
{
    Unknown,
    Video,
    Audio,
    Subtitle,
    Data,
    Attachment,
}

/// <summary>
/// A stream of an open <see cref="MediaInput"/> (borrowed from its owner: valid while the input is open).
/// </summary>
public sealed unsafe class MediaStream
{
    internal MediaStream(MediaInput owner, AVStream* stream)
    {
        Owner = owner;
        Pointer = stream;
    }

    public MediaInput Owner { get; }

    public int Index => Pointer->index;

    public MediaKind Kind => Pointer->codecpar->codec_type switch
    {
        AVMediaType.Video => MediaKind.Video,
        AVMediaType.Audio => MediaKind.Audio,
        AVMediaType.Subtitle => MediaKind.Subtitle,
        AVMediaType.Data => MediaKind.Data,
        AVMediaType.Attachment => MediaKind.Attachment,
        _ => MediaKind.Unknown,
    };

    public string CodecName => Utf8.From(LibAvCodec.avcodec_get_name(Pointer->codecpar->codec_id));

    /// <summary>A cover image stored as a video stream (mp3/m4a artwork): not a video to upscale.</summary>
    public bool IsAttachedPicture => (Pointer->disposition & AvConstants.AV_DISPOSITION_ATTACHED_PIC) != 0;

    public int Width => Pointer->codecpar->width;

    public int Height => Pointer->codecpar->height;

    public (int Num, int Den) TimeBase => (Pointer->time_base.num, Pointer->time_base.den);

    public ColorTags Color => new(
        Pointer->codecpar->color_primaries,
        Pointer->codecpar->color_trc,
        Pointer->codecpar->color_space,
        Pointer->codecpar->color_range);

    /// <summary>The container's frame count for the stream (0 when it does not say).</summary>
    public long FrameCountHint => Pointer->nb_frames;

    /// <summary>Bytes of codec configuration (AAC's AudioSpecificConfig, H.264's avcC...) the container stored.</summary>
    public int ExtradataSize => Pointer->codecpar->extradata_size;

    /// <summary>"#1 (aac)": how messages name a stream.</summary>
    public string Describe() => $"#{Index} ({CodecName})";

    internal AVStream* Pointer { get; }

    internal AVCodecParameters* CodecParameters => Pointer->codecpar;
}
