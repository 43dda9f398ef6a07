using BsrnVideo.FFmpeg;
using BsrnVideo.FFmpeg.Handles;
using BsrnVideo.FFmpeg.Native;
using BsrnVideo.Frames;

namespace BsrnVideo.Decode;

/// <summary>
/// Decodes one video stream's packets into pictures (libavcodec, multi-threaded). Not thread-safe: one stage owns it.
/// </summary>
public sealed unsafe class VideoDecoder : IDisposable
{
    private readonly AvCodecContextHandle _context;
    private readonly string _where;

    /// <param name="strict">
    /// Report damage the decoder would otherwise conceal (libavcodec's <c>err_detect=+explode</c>), so a strict job
    /// stops at the first damaged packet rather than at the first one the decoder cannot hide.
    /// </param>
    public VideoDecoder(MediaStream stream, int threads = 0, bool strict = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        LibAvLoader.EnsureCompatible();
        _where = $"{stream.Owner.Url}: stream {stream.Describe()}";
        AVStream* native = stream.Pointer;
        AVCodec* codec = LibAvCodec.avcodec_find_decoder(native->codecpar->codec_id);
        if (codec is null && native->codecpar->codec_id == AVCodecID.None)
        {
            throw new DecodeException($"{_where}: the codec is unknown (a damaged header, or a codec FFmpeg has never heard of); check that the file is complete and plays elsewhere.");
        }

        if (codec is null)
        {
            throw new DecodeException($"{_where}: this FFmpeg build has no decoder for {stream.CodecName}; convert the video to a common codec (H.264, HEVC, AV1) with a tool that reads it, then upscale that.");
        }

        _context = new AvCodecContextHandle(LibAvCodec.avcodec_alloc_context3(codec));
        try
        {
            AVCodecContext* context = _context.Pointer;
            Check(LibAvCodec.avcodec_parameters_to_context(context, native->codecpar), "copying the stream parameters");
            context->pkt_timebase = native->time_base;
            context->thread_count = threads;
            context->thread_type = AvConstants.FF_THREAD_FRAME | AvConstants.FF_THREAD_SLICE;
            AVDictionary* options = strict ? AvDictionary.From(new Dictionary<string, string>(StringComparer.Ordinal) { ["err_detect"] = "+explode" }) : null;
            try
            {
                Check(LibAvCodec.avcodec_open2(context, codec, &options), "opening the decoder");
            }
            finally
            {
                LibAvUtil.av_dict_free(&options);
            }
        }
        catch
        {
            _context.Dispose();
            throw;
        }

        StreamIndex = stream.Index;
        Format = DescribeFormat(stream, native);
    }

    public int StreamIndex { get; }

    /// <summary>The stream's geometry, pixel format, colour tags and timing, as the encoder needs them.</summary>
    public VideoFormat Format { get; }

    /// <summary>Sends a packet (null: end of stream, start draining). TryAgain means: receive frames first.</summary>
    public AvStatus Send(MediaPacket? packet)
    {
        int result = LibAvCodec.avcodec_send_packet(_context.Pointer, packet is null ? null : packet.Pointer);
        return ToStatus(result, "decoding a packet");
    }

    /// <summary>Receives the next picture into <paramref name="frame"/>: Ok, TryAgain (needs input) or EndOfFile.</summary>
    public AvStatus Receive(NativeFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        frame.Unref();
        int result = LibAvCodec.avcodec_receive_frame(_context.Pointer, frame.Pointer);
        AvStatus status = ToStatus(result, "decoding a frame");
        if (status == AvStatus.Ok)
        {
            AVFrame* f = frame.Pointer;
            f->pts = f->best_effort_timestamp;
        }

        return status;
    }

    public void Dispose() => _context.Dispose();

    private AvStatus ToStatus(int result, string operation)
    {
        try
        {
            return AvResult.ToStatus(result, operation);
        }
        catch (AvException e)
        {
            throw new DecodeException($"{_where}: {e.Message}", e);
        }
    }

    private void Check(int result, string operation)
    {
        if (result < 0)
        {
            ToStatus(result, operation);
        }
    }

    private static VideoFormat DescribeFormat(MediaStream stream, AVStream* native)
    {
        AVCodecParameters* par = native->codecpar;
        AVRational rate = native->avg_frame_rate.num > 0 ? native->avg_frame_rate : native->r_frame_rate;
        return new VideoFormat
        {
            Width = par->width,
            Height = par->height,
            PixelFormat = PixelFormats.Name(par->format),
            BitDepth = par->bits_per_raw_sample > 0 ? par->bits_per_raw_sample : PixelFormats.BitDepth(par->format),
            IsRgb = PixelFormats.IsRgb(par->format),
            Color = stream.Color,
            TimeBase = (native->time_base.num, native->time_base.den),
            FrameRate = (rate.num, rate.den),
            SampleAspectRatio = (native->sample_aspect_ratio.num, native->sample_aspect_ratio.den),
        };
    }
}
