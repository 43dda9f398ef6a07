using BsrnVideo.FFmpeg.Native;

namespace BsrnVideo.FFmpeg.Handles;

/// <summary>Owns an <c>AVCodecContext*</c>; released with <c>avcodec_free_context</c>.</summary>
internal sealed unsafe class AvCodecContextHandle : AvHandle
{
    public AvCodecContextHandle(AVCodecContext* pointer)
        : base((nint)pointer)
    {
    }

    public AVCodecContext* Pointer => (AVCodecContext*)handle;

    protected override void Free(nint pointer)
    {
        var p = (AVCodecContext*)pointer;
        LibAvCodec.avcodec_free_context(&p);
    }
}
