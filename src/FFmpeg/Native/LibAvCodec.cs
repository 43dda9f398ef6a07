using System.Runtime.InteropServices;

#pragma warning disable SA1300, IDE1006 // FFmpeg's own C names, so they grep against its documentation.

namespace BsrnVideo.FFmpeg.Native;

internal static unsafe partial class LibAvCodec
{
    private const string Lib = "avcodec";

    [LibraryImport(Lib)]
    public static partial uint avcodec_version();

    [LibraryImport(Lib)]
    public static partial AVCodec* avcodec_find_decoder(AVCodecID id);

    [LibraryImport(Lib)]
    public static partial AVCodec* avcodec_find_encoder(AVCodecID id);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial AVCodec* avcodec_find_encoder_by_name(string name);

    [LibraryImport(Lib)]
    public static partial byte* avcodec_get_name(AVCodecID id);

    [LibraryImport(Lib)]
    public static partial AVCodecContext* avcodec_alloc_context3(AVCodec* codec);

    [LibraryImport(Lib)]
    public static partial void avcodec_free_context(AVCodecContext** avctx);

    [LibraryImport(Lib)]
    public static partial int avcodec_parameters_to_context(AVCodecContext* codec, AVCodecParameters* par);

    [LibraryImport(Lib)]
    public static partial int avcodec_parameters_from_context(AVCodecParameters* par, AVCodecContext* codec);

    [LibraryImport(Lib)]
    public static partial int avcodec_parameters_copy(AVCodecParameters* dst, AVCodecParameters* src);

    [LibraryImport(Lib)]
    public static partial int avcodec_open2(AVCodecContext* avctx, AVCodec* codec, AVDictionary** options);

    [LibraryImport(Lib)]
    public static partial int avcodec_send_packet(AVCodecContext* avctx, AVPacket* avpkt);

    [LibraryImport(Lib)]
    public static partial int avcodec_receive_frame(AVCodecContext* avctx, AVFrame* frame);

    [LibraryImport(Lib)]
    public static partial int avcodec_send_frame(AVCodecContext* avctx, AVFrame* frame);

    [LibraryImport(Lib)]
    public static partial int avcodec_receive_packet(AVCodecContext* avctx, AVPacket* avpkt);

    [LibraryImport(Lib)]
    public static partial AVPacket* av_packet_alloc();

    [LibraryImport(Lib)]
    public static partial void av_packet_free(AVPacket** pkt);

    [LibraryImport(Lib)]
    public static partial void av_packet_unref(AVPacket* pkt);

    [LibraryImport(Lib)]
    public static partial void av_packet_move_ref(AVPacket* dst, AVPacket* src);

    [LibraryImport(Lib)]
    public static partial void av_packet_rescale_ts(AVPacket* pkt, AVRational tb_src, AVRational tb_dst);
}
