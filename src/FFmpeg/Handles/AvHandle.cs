using System.Runtime.InteropServices;

namespace BsrnVideo.FFmpeg.Handles;

/// <summary>Base of every owning FFmpeg handle: one subclass per free function, counted by <see cref="NativeHandleTracker"/>.</summary>
internal abstract class AvHandle : SafeHandle
{
    protected AvHandle(nint pointer)
        : base(0, ownsHandle: true)
    {
        SetHandle(pointer);
        if (pointer != 0)
        {
            NativeHandleTracker.Created();
        }
    }

    public override bool IsInvalid => handle == 0;

    protected sealed override bool ReleaseHandle()
    {
        Free(handle);
        NativeHandleTracker.Released();
        return true;
    }

    protected abstract void Free(nint pointer);
}
