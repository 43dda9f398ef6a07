using BsrnVideo.FFmpeg.Native;

namespace BsrnVideo.FFmpeg.Handles;

/// <summary>Owns an <c>AVFormatContext*</c>; released with <c>avformat_close_input</c>.</summary>
internal sealed unsafe class AvInputFormatHandle : AvHandle
{
    public AvInputFormatHandle(AVFormatContext* pointer)
        : base((nint)pointer)
    {
    }

    public AVFormatContext* Pointer => (AVFormatContext*)handle;

    protected override void Free(nint pointer)
    {
        var p = (AVFormatContext*)pointer;
        LibAvFormat.avformat_close_input(&p);
    }
}
