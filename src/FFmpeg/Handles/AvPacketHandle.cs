using BsrnVideo.FFmpeg.Native;

namespace BsrnVideo.FFmpeg.Handles;

/// <summary>Owns an <c>AVPacket*</c>; released with <c>av_packet_free</c>.</summary>
internal sealed unsafe class AvPacketHandle : AvHandle
{
    public AvPacketHandle(AVPacket* pointer)
        : base((nint)pointer)
    {
    }

    public AVPacket* Pointer => (AVPacket*)handle;

    protected override void Free(nint pointer)
    {
        var p = (AVPacket*)pointer;
        LibAvCodec.av_packet_free(&p);
    }
}
