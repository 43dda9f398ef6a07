using System.Runtime.InteropServices;

#pragma warning disable SA1300, IDE1006 // FFmpeg's own C names, so they grep against its documentation.

namespace BsrnVideo.FFmpeg.Native;

internal static unsafe partial class LibAvUtil
{
    private const string Lib = "avutil";

    [LibraryImport(Lib)]
    public static partial uint avutil_version();

    [LibraryImport(Lib)]
    public static partial int av_strerror(int errnum, byte* errbuf, nuint errbuf_size);

    [LibraryImport(Lib)]
    public static partial void av_log_set_level(int level);

    [LibraryImport(Lib)]
    public static partial AVFrame* av_frame_alloc();

    [LibraryImport(Lib)]
    public static partial void av_frame_free(AVFrame** frame);

    [LibraryImport(Lib)]
    public static partial void av_frame_unref(AVFrame* frame);

    [LibraryImport(Lib)]
    public static partial int av_frame_get_buffer(AVFrame* frame, int align);

    [LibraryImport(Lib)]
    public static partial int av_frame_make_writable(AVFrame* frame);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int av_dict_set(AVDictionary** pm, string key, string? value, int flags);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial AVDictionaryEntry* av_dict_get(AVDictionary* m, string key, AVDictionaryEntry* prev, int flags);

    [LibraryImport(Lib)]
    public static partial int av_dict_count(AVDictionary* m);

    [LibraryImport(Lib)]
    public static partial int av_dict_copy(AVDictionary** dst, AVDictionary* src, int flags);

    [LibraryImport(Lib)]
    public static partial void av_dict_free(AVDictionary** m);

    [LibraryImport(Lib)]
    public static partial byte* av_get_pix_fmt_name(AVPixelFormat pix_fmt);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial AVPixelFormat av_get_pix_fmt(string name);

    [LibraryImport(Lib)]
    public static partial AVPixFmtDescriptor* av_pix_fmt_desc_get(AVPixelFormat pix_fmt);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int av_opt_set(void* obj, string name, string val, int search_flags);

    [LibraryImport(Lib)]
    public static partial long av_rescale_q(long a, AVRational bq, AVRational cq);

    [LibraryImport(Lib)]
    public static partial int av_compare_ts(long ts_a, AVRational tb_a, long ts_b, AVRational tb_b);

    [LibraryImport(Lib)]
    public static partial byte* av_color_space_name(int space);

    [LibraryImport(Lib)]
    public static partial byte* av_color_range_name(int range);

    [LibraryImport(Lib)]
    public static partial int av_channel_layout_copy(AVChannelLayout* dst, AVChannelLayout* src);

    [LibraryImport(Lib)]
    public static partial void av_channel_layout_uninit(AVChannelLayout* channel_layout);

    [LibraryImport(Lib)]
    public static partial void av_channel_layout_default(AVChannelLayout* ch_layout, int nb_channels);

    [LibraryImport(Lib)]
    public static partial AVAudioFifo* av_audio_fifo_alloc(int sample_fmt, int channels, int nb_samples);

    [LibraryImport(Lib)]
    public static partial void av_audio_fifo_free(AVAudioFifo* af);

    [LibraryImport(Lib)]
    public static partial int av_audio_fifo_write(AVAudioFifo* af, void** data, int nb_samples);

    [LibraryImport(Lib)]
    public static partial int av_audio_fifo_read(AVAudioFifo* af, void** data, int nb_samples);

    [LibraryImport(Lib)]
    public static partial int av_audio_fifo_size(AVAudioFifo* af);
}
