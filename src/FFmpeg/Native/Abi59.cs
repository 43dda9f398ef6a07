using System.Runtime.InteropServices;

#pragma warning disable CA1051 // Mirrors of C structs expose their fields by design.
#pragma warning disable CS0649 // Fields are written by native code.
#pragma warning disable SA1307, IDE1006 // Field names keep FFmpeg's C spelling so they grep against its headers.

namespace BsrnVideo.FFmpeg.Native;

// The few fields of FFmpeg 5.1's structs (libavformat 59, libavcodec 59, libavutil 57) that the C# side reads or
// writes. Only the listed fields are mirrored, each at its offset in the C header; FFmpeg allocates every one of
// these structs itself, so their full sizes never matter. FFmpegAbiLayoutTests compiles a C probe against the
// installed headers and checks every [FieldOffset] below, so a drifted offset fails the test suite, not a user.

[StructLayout(LayoutKind.Sequential)]
internal struct AVRational
{
    public int num;
    public int den;

    public AVRational(int num, int den)
    {
        this.num = num;
        this.den = den;
    }

    public readonly double ToDouble() => den == 0 ? 0 : (double)num / den;

    public override readonly string ToString() => $"{num}/{den}";
}

[StructLayout(LayoutKind.Sequential)]
internal struct AVChannelLayout
{
    public int order;
    public int nb_channels;
    public ulong u; // union { uint64_t mask; AVChannelCustom *map; }
    public nint opaque;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct AVIOInterruptCB
{
    public delegate* unmanaged<nint, int> callback;
    public nint opaque;
}

[StructLayout(LayoutKind.Explicit)]
internal unsafe struct AVFormatContext
{
    [FieldOffset(8)] public AVInputFormat* iformat;
    [FieldOffset(16)] public AVOutputFormat* oformat;
    [FieldOffset(32)] public AVIOContext* pb;
    [FieldOffset(44)] public uint nb_streams;
    [FieldOffset(48)] public AVStream** streams;
    [FieldOffset(56)] public byte* url;
    [FieldOffset(64)] public long start_time;
    [FieldOffset(72)] public long duration;
    [FieldOffset(80)] public long bit_rate;
    [FieldOffset(96)] public int flags;
    [FieldOffset(176)] public AVDictionary* metadata;
    [FieldOffset(200)] public AVIOInterruptCB interrupt_callback;
}

[StructLayout(LayoutKind.Explicit)]
internal unsafe struct AVStream
{
    [FieldOffset(0)] public int index;
    [FieldOffset(4)] public int id;
    [FieldOffset(16)] public AVRational time_base;
    [FieldOffset(24)] public long start_time;
    [FieldOffset(32)] public long duration;
    [FieldOffset(40)] public long nb_frames;
    [FieldOffset(48)] public int disposition;
    [FieldOffset(56)] public AVRational sample_aspect_ratio;
    [FieldOffset(64)] public AVDictionary* metadata;
    [FieldOffset(72)] public AVRational avg_frame_rate;
    [FieldOffset(200)] public AVRational r_frame_rate;
    [FieldOffset(208)] public AVCodecParameters* codecpar;
}

[StructLayout(LayoutKind.Explicit)]
internal struct AVCodecParameters
{
    [FieldOffset(0)] public AVMediaType codec_type;
    [FieldOffset(4)] public AVCodecID codec_id;
    [FieldOffset(8)] public uint codec_tag;
    [FieldOffset(24)] public int extradata_size;
    [FieldOffset(28)] public int format;
    [FieldOffset(32)] public long bit_rate;
    [FieldOffset(44)] public int bits_per_raw_sample;
    [FieldOffset(48)] public int profile;
    [FieldOffset(56)] public int width;
    [FieldOffset(60)] public int height;
    [FieldOffset(64)] public AVRational sample_aspect_ratio;
    [FieldOffset(76)] public int color_range;
    [FieldOffset(80)] public int color_primaries;
    [FieldOffset(84)] public int color_trc;
    [FieldOffset(88)] public int color_space;
    [FieldOffset(116)] public int sample_rate;
}

[StructLayout(LayoutKind.Explicit)]
internal struct AVCodecContext
{
    [FieldOffset(12)] public AVMediaType codec_type;
    [FieldOffset(24)] public AVCodecID codec_id;
    [FieldOffset(56)] public long bit_rate;
    [FieldOffset(76)] public int flags;
    [FieldOffset(100)] public AVRational time_base;
    [FieldOffset(116)] public int width;
    [FieldOffset(120)] public int height;
    [FieldOffset(132)] public int gop_size;
    [FieldOffset(136)] public AVPixelFormat pix_fmt;
    [FieldOffset(160)] public int max_b_frames;
    [FieldOffset(216)] public AVRational sample_aspect_ratio;
    [FieldOffset(324)] public int color_primaries;
    [FieldOffset(328)] public int color_trc;
    [FieldOffset(332)] public int colorspace;
    [FieldOffset(336)] public int color_range;
    [FieldOffset(352)] public int sample_rate;
    [FieldOffset(360)] public int sample_fmt;
    [FieldOffset(364)] public int frame_size;
    [FieldOffset(636)] public int thread_count;
    [FieldOffset(640)] public int thread_type;
    [FieldOffset(712)] public AVRational framerate;
    [FieldOffset(724)] public AVRational pkt_timebase;
    [FieldOffset(920)] public AVChannelLayout ch_layout;
}

[StructLayout(LayoutKind.Explicit)]
internal unsafe struct AVFrame
{
    [FieldOffset(0)] public fixed ulong data[8];
    [FieldOffset(64)] public fixed int linesize[8];
    [FieldOffset(96)] public byte** extended_data;
    [FieldOffset(104)] public int width;
    [FieldOffset(108)] public int height;
    [FieldOffset(112)] public int nb_samples;
    [FieldOffset(116)] public int format;
    [FieldOffset(120)] public int key_frame;
    [FieldOffset(124)] public int pict_type;
    [FieldOffset(128)] public AVRational sample_aspect_ratio;
    [FieldOffset(136)] public long pts;
    [FieldOffset(144)] public long pkt_dts;
    [FieldOffset(168)] public int quality;
    [FieldOffset(208)] public int sample_rate;
    [FieldOffset(316)] public int flags;
    [FieldOffset(320)] public int color_range;
    [FieldOffset(324)] public int color_primaries;
    [FieldOffset(328)] public int color_trc;
    [FieldOffset(332)] public int colorspace;
    [FieldOffset(344)] public long best_effort_timestamp;
    [FieldOffset(360)] public long pkt_duration;
    [FieldOffset(376)] public int decode_error_flags;
    [FieldOffset(448)] public AVChannelLayout ch_layout;
}

[StructLayout(LayoutKind.Explicit)]
internal unsafe struct AVPacket
{
    [FieldOffset(0)] public nint buf;
    [FieldOffset(8)] public long pts;
    [FieldOffset(16)] public long dts;
    [FieldOffset(24)] public byte* data;
    [FieldOffset(32)] public int size;
    [FieldOffset(36)] public int stream_index;
    [FieldOffset(40)] public int flags;
    [FieldOffset(64)] public long duration;
    [FieldOffset(72)] public long pos;
    [FieldOffset(96)] public AVRational time_base;
}

[StructLayout(LayoutKind.Explicit)]
internal unsafe struct AVCodec
{
    [FieldOffset(0)] public byte* name;
    [FieldOffset(8)] public byte* long_name;
    [FieldOffset(16)] public AVMediaType type;
    [FieldOffset(20)] public AVCodecID id;
    [FieldOffset(24)] public int capabilities;
    [FieldOffset(40)] public AVPixelFormat* pix_fmts;
    [FieldOffset(56)] public int* sample_fmts;
}

[StructLayout(LayoutKind.Explicit)]
internal unsafe struct AVOutputFormat
{
    [FieldOffset(0)] public byte* name;
    [FieldOffset(8)] public byte* long_name;
    [FieldOffset(16)] public byte* mime_type;
    [FieldOffset(24)] public byte* extensions;
    [FieldOffset(32)] public AVCodecID audio_codec;
    [FieldOffset(36)] public AVCodecID video_codec;
    [FieldOffset(40)] public AVCodecID subtitle_codec;
    [FieldOffset(44)] public int flags;
}

[StructLayout(LayoutKind.Explicit)]
internal unsafe struct AVInputFormat
{
    [FieldOffset(0)] public byte* name;
    [FieldOffset(8)] public byte* long_name;
    [FieldOffset(16)] public int flags;
}

[StructLayout(LayoutKind.Explicit)]
internal unsafe struct AVPixFmtDescriptor
{
    [FieldOffset(0)] public byte* name;
    [FieldOffset(8)] public byte nb_components;
    [FieldOffset(9)] public byte log2_chroma_w;
    [FieldOffset(10)] public byte log2_chroma_h;
    [FieldOffset(16)] public ulong flags;
    [FieldOffset(24)] public AVComponentDescriptor comp; // comp[0] of the C array; the others are not read.
}

[StructLayout(LayoutKind.Sequential)]
internal struct AVComponentDescriptor
{
    public int plane;
    public int step;
    public int offset;
    public int shift;
    public int depth;
}

/// <summary>
/// libavformat's index entry (a sample's place in the file). C's <c>int flags:2; int size:30;</c> bit-fields share the
/// int at 16, which offsetof cannot name: the layout probe checks how we read it with a C expression instead.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct AVIndexEntry
{
    public long pos;
    public long timestamp;
    // int flags:2; int size:30; -- GCC on x86-64 packs them from the low bit: size is the word shifted right by 2.
    [CBitField("({ AVIndexEntry e = { 0 }; e.size = 12345; e.flags = 1; ((int*)&e)[4] >> 2; })", 12345)]
    public int flags_and_size;
    public int min_distance;

    /// <summary>The sample's size in bytes (the upper 30 bits; GCC packs bit-fields from the low bit on x86-64).</summary>
    public readonly int size => flags_and_size >> 2;
}

// Opaque: only ever handled through pointers.
internal struct AVIOContext;

internal struct AVDictionary;

internal struct SwsContext;

internal struct AVDictionaryEntry;

internal struct AVAudioFifo;
