using BsrnVideo.FFmpeg.Native;

namespace BsrnVideo.FFmpeg.Handles;

/// <summary>Owns an <c>AVAudioFifo*</c>; released with <c>av_audio_fifo_free</c>.</summary>
internal sealed unsafe class AvAudioFifoHandle : AvHandle
{
    public AvAudioFifoHandle(AVAudioFifo* pointer)
        : base((nint)pointer)
    {
    }

    public AVAudioFifo* Pointer => (AVAudioFifo*)handle;

    protected override void Free(nint pointer) => LibAvUtil.av_audio_fifo_free((AVAudioFifo*)pointer);
}
