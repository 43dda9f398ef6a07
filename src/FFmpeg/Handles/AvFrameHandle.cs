using BsrnVideo.FFmpeg.Native;

namespace BsrnVideo.FFmpeg.Handles;

/// <summary>Owns an <c>AVFrame*</c>; released with <c>av_frame_free</c>.</summary>
internal sealed unsafe class AvFrameHandle : AvHandle
{
    public AvFrameHandle(AVFrame* pointer)
        : base((nint)pointer)
    {
    }

    public AVFrame* Pointer => (AVFrame*)handle;

    protected override void Free(nint pointer)
    {
        var p = (AVFrame*)pointer;
        LibAvUtil.av_frame_free(&p);
    }
}
