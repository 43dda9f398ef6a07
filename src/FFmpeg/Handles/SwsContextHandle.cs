using BsrnVideo.FFmpeg.Native;

namespace BsrnVideo.FFmpeg.Handles;

/// <summary>Owns a <c>SwsContext*</c>; released with <c>sws_freeContext</c>.</summary>
internal sealed unsafe class SwsContextHandle : AvHandle
{
    public SwsContextHandle(SwsContext* pointer)
        : base((nint)pointer)
    {
    }

    public SwsContext* Pointer => (SwsContext*)handle;

    protected override void Free(nint pointer) => LibSwScale.sws_freeContext((SwsContext*)pointer);
}
