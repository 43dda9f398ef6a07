using System.Runtime.InteropServices;

#pragma warning disable SA1300, IDE1006 // FFmpeg's own C names, so they grep against its documentation.

namespace BsrnVideo.FFmpeg.Native;

internal static unsafe partial class LibAvFormat
{
    private const string Lib = "avformat";

    [LibraryImport(Lib)]
    public static partial uint avformat_version();

    [LibraryImport(Lib)]
    public static partial int avformat_network_init();

    [LibraryImport(Lib)]
    public static partial AVFormatContext* avformat_alloc_context();

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int avformat_open_input(AVFormatContext** ps, string url, AVInputFormat* fmt, AVDictionary** options);

    [LibraryImport(Lib)]
    public static partial int avformat_find_stream_info(AVFormatContext* ic, AVDictionary** options);

    [LibraryImport(Lib)]
    public static partial void avformat_close_input(AVFormatContext** s);

    [LibraryImport(Lib)]
    public static partial int av_find_best_stream(AVFormatContext* ic, AVMediaType type, int wanted_stream_nb, int related_stream, AVCodec** decoder_ret, int flags);

    [LibraryImport(Lib)]
    public static partial int av_read_frame(AVFormatContext* s, AVPacket* pkt);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial AVOutputFormat* av_guess_format(string? short_name, string? filename, string? mime_type);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int avformat_alloc_output_context2(AVFormatContext** ctx, AVOutputFormat* oformat, string? format_name, string? filename);

    [LibraryImport(Lib)]
    public static partial void avformat_free_context(AVFormatContext* s);

    [LibraryImport(Lib)]
    public static partial AVStream* avformat_new_stream(AVFormatContext* s, AVCodec* c);

    [LibraryImport(Lib)]
    public static partial int avformat_write_header(AVFormatContext* s, AVDictionary** options);

    [LibraryImport(Lib)]
    public static partial int av_interleaved_write_frame(AVFormatContext* s, AVPacket* pkt);

    [LibraryImport(Lib)]
    public static partial int av_write_trailer(AVFormatContext* s);

    [LibraryImport(Lib)]
    public static partial int avformat_query_codec(AVOutputFormat* ofmt, AVCodecID codec_id, int std_compliance);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int avio_open2(AVIOContext** s, string url, int flags, AVIOInterruptCB* int_cb, AVDictionary** options);

    [LibraryImport(Lib)]
    public static partial int avio_closep(AVIOContext** s);

    [LibraryImport(Lib)]
    public static partial byte* av_stream_get_side_data(AVStream* stream, int type, nuint* size);

    [LibraryImport(Lib)]
    public static partial byte* av_stream_new_side_data(AVStream* stream, int type, nuint size);

    [LibraryImport(Lib)]
    public static partial long avio_size(AVIOContext* s);

    [LibraryImport(Lib)]
    public static partial int avformat_index_get_entries_count(AVStream* st);

    [LibraryImport(Lib)]
    public static partial AVIndexEntry* avformat_index_get_entry(AVStream* st, int idx);
}
