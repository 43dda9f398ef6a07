using BsrnVideo.FFmpeg.Handles;
using BsrnVideo.FFmpeg.Native;
using BsrnVideo.Frames;

namespace BsrnVideo.FFmpeg;

/// <summary>
/// An owned <c>AVFrame</c> travelling between stages (decoded pictures, pictures for the encoder). Pooled by
/// <see cref="NativeFramePool"/>: disposing hands it back instead of freeing it.
/// </summary>
public sealed unsafe class NativeFrame : IDisposable
{
    private readonly AvFrameHandle _handle;
    private readonly NativeFramePool? _pool;

    internal NativeFrame(NativeFramePool? pool)
    {
        LibAvLoader.EnsureCompatible();
        _pool = pool;
        _handle = new AvFrameHandle(LibAvUtil.av_frame_alloc());
        if (_handle.IsInvalid)
        {
            AvResult.Throw(AvConstants.AVERROR_ENOMEM, "av_frame_alloc");
        }
    }

    public int Width => Pointer->width;

    public int Height => Pointer->height;

    /// <summary>FFmpeg's pixel format name, e.g. "yuv420p10le".</summary>
    public string PixelFormatName => Utf8.From(LibAvUtil.av_get_pix_fmt_name((AVPixelFormat)Pointer->format));

    public long Pts
    {
        get => Pointer->pts;
        set => Pointer->pts = value;
    }

    /// <summary>Position in decode output order (set by the decoder stage).</summary>
    public long Index { get; set; }

    /// <summary>Stopwatch timestamp of when the frame left the decoder.</summary>
    public long DecodedAt { get; set; }

    /// <summary>Duration in the stream's time base, 0 when unknown.</summary>
    public long Duration
    {
        get => Pointer->pkt_duration;
        set => Pointer->pkt_duration = value;
    }

    /// <summary>The decoder flagged the picture as damaged (concealed errors).</summary>
    public bool IsCorrupt => (Pointer->flags & AvConstants.AV_FRAME_FLAG_CORRUPT) != 0 || Pointer->decode_error_flags != 0;

    public ColorTags Color => new(Pointer->color_primaries, Pointer->color_trc, Pointer->colorspace, Pointer->color_range);

    internal AVFrame* Pointer => _handle.Pointer;

    internal AVPixelFormat Format => (AVPixelFormat)Pointer->format;

    /// <summary>Allocates picture buffers of the given geometry if the frame has none of that geometry yet.</summary>
    internal void EnsureBuffer(int width, int height, AVPixelFormat format)
    {
        AVFrame* frame = Pointer;
        if (frame->data[0] != 0 && frame->width == width && frame->height == height && frame->format == (int)format)
        {
            // The encoder may still hold a reference to the last picture: copy-on-write if so.
            AvResult.ThrowIfError(LibAvUtil.av_frame_make_writable(frame), "making a frame writable");
            return;
        }

        LibAvUtil.av_frame_unref(frame);
        frame->width = width;
        frame->height = height;
        frame->format = (int)format;
        AvResult.ThrowIfError(LibAvUtil.av_frame_get_buffer(frame, 0), "allocating a frame buffer");
    }

    internal void Unref() => LibAvUtil.av_frame_unref(Pointer);

    internal void Release() => _handle.Dispose();

    public void Dispose()
    {
        if (_handle.IsClosed)
        {
            return;
        }

        if (_pool is null || !_pool.TryReturn(this))
        {
            _handle.Dispose();
        }
    }
}
