using BsrnVideo.FFmpeg.Native;

namespace BsrnVideo.FFmpeg.Handles;

/// <summary>Owns an output <c>AVFormatContext*</c>: closes its I/O context (<c>avio_closep</c>) and frees it.</summary>
internal sealed unsafe class AvOutputFormatHandle : AvHandle
{
    public AvOutputFormatHandle(AVFormatContext* pointer)
        : base((nint)pointer)
    {
    }

    public AVFormatContext* Pointer => (AVFormatContext*)handle;

    protected override void Free(nint pointer)
    {
        var context = (AVFormatContext*)pointer;
        if (context->pb is not null && (context->oformat->flags & AvConstants.AVFMT_NOFILE) == 0)
        {
            _ = LibAvFormat.avio_closep(&context->pb); // Nothing to do about a failed close while freeing.
        }

        LibAvFormat.avformat_free_context(context);
    }
}
