using System.Globalization;
using BsrnVideo.FFmpeg;
using BsrnVideo.FFmpeg.Handles;
using BsrnVideo.FFmpeg.Native;
using BsrnVideo.Frames;

namespace BsrnVideo.Encode;

/// <summary>
/// Encodes upscaled pictures with one FFmpeg encoder. Keeps the input's time base, frame rate, aspect ratio and
/// colour tags; picks a pixel format the encoder takes that keeps the input's bit depth. Not thread-safe.
/// </summary>
public sealed unsafe class VideoEncoder : IDisposable
{
    private readonly AvCodecContextHandle _context;
    private readonly string _where;

    public VideoEncoder(EncoderSettings settings, VideoFormat input, int width, int height, string outputPath, bool globalHeader)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(input);
        LibAvLoader.EnsureCompatible();
        string codecName = settings.Codec ?? "libx264";
        _where = $"{outputPath}: video encoder {codecName}";
        AVCodec* codec = LibAvCodec.avcodec_find_encoder_by_name(codecName);
        if (codec is null || codec->type != AVMediaType.Video)
        {
            throw new EncodeException($"{outputPath}: this FFmpeg build has no video encoder named '{codecName}' (see `ffmpeg -encoders`).");
        }

        _context = new AvCodecContextHandle(LibAvCodec.avcodec_alloc_context3(codec));
        AVDictionary* options = null;
        try
        {
            AVCodecContext* context = _context.Pointer;
            AVPixelFormat pixelFormat = ChoosePixelFormat(codec, settings.PixelFormat, input, oddSize: ((width | height) & 1) != 0);
            bool rgbOutput = PixelFormats.IsRgb((int)pixelFormat);
            Encoding = rgbOutput ? YuvEncoding.Rgb : YuvEncoding.For(input.Color, input.Height, fullRangeFormat: PixelFormats.Name((int)pixelFormat).StartsWith("yuvj", StringComparison.Ordinal));

            context->width = width;
            context->height = height;
            context->pix_fmt = pixelFormat;
            context->time_base = TimeBaseFor(input);
            context->framerate = new AVRational(input.FrameRate.Num, input.FrameRate.Den);
            context->sample_aspect_ratio = new AVRational(input.SampleAspectRatio.Num, input.SampleAspectRatio.Den);
            context->thread_count = 0;
            if (!rgbOutput)
            {
                // Tag what the pixels are. An untagged input was read with the convention for its size; the
                // output is larger, so players would guess another matrix: write down the one that was used.
                context->colorspace = Encoding.AvColorspace;
                context->color_range = Encoding.FullRange ? AvConstants.AVCOL_RANGE_JPEG : AvConstants.AVCOL_RANGE_MPEG;
                context->color_primaries = input.Color.Primaries;
                context->color_trc = input.Color.Transfer;
            }

            if (globalHeader)
            {
                context->flags |= AvConstants.AV_CODEC_FLAG_GLOBAL_HEADER;
            }

            var requested = new Dictionary<string, string>(settings.Options, StringComparer.Ordinal);
            if (settings.Crf is int crf)
            {
                requested["crf"] = crf.ToString(CultureInfo.InvariantCulture);
                if (codecName == "libvpx-vp9")
                {
                    requested.TryAdd("b", "0"); // constant quality mode needs the bitrate unset
                }
            }

            if (settings.Preset is not null)
            {
                requested["preset"] = settings.Preset;
            }

            options = AvDictionary.From(requested);
            nint contextAddress = (nint)context, codecAddress = (nint)codec, optionsAddress = (nint)(&options);
            int Open() => LibAvCodec.avcodec_open2((AVCodecContext*)contextAddress, (AVCodec*)codecAddress, (AVDictionary**)optionsAddress);
            int result = settings.ThreadPriority == EncoderThreadPriority.Normal ? Open() : LowPriorityThread.Run(Open, settings.ThreadPriority);

            if (result < 0)
            {
                throw new EncodeException($"{_where}: opening the encoder ({PixelFormats.Name((int)pixelFormat)} {width}x{height}) failed: {AvResult.ErrorText(result)}");
            }

            IReadOnlyList<string> unused = AvDictionary.Keys(options);
            if (unused.Count > 0)
            {
                throw new EncodeException($"{_where}: the encoder does not take the option(s) {string.Join(", ", unused)}.");
            }

            CodecName = codecName;
            PixelFormat = PixelFormats.Name((int)pixelFormat);
            Width = width;
            Height = height;
            TimeBase = (context->time_base.num, context->time_base.den);
            HasDelay = (codec->capabilities & AvConstants.AV_CODEC_CAP_DELAY) != 0;
        }
        catch
        {
            _context.Dispose();
            throw;
        }
        finally
        {
            LibAvUtil.av_dict_free(&options);
        }
    }

    public string CodecName { get; }

    public string PixelFormat { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The YUV matrix and range the pictures must be converted with (RGB for RGB encoders).</summary>
    public YuvEncoding Encoding { get; }

    /// <summary>Time base of the frames' and packets' timestamps.</summary>
    public (int Num, int Den) TimeBase { get; }

    public bool HasDelay { get; }

    internal AVCodecContext* Context => _context.Pointer;

    /// <summary>Sends a picture (null: end of stream, start draining). TryAgain: receive packets first.</summary>
    public AvStatus Send(NativeFrame? frame)
    {
        if (frame is not null)
        {
            frame.Pointer->pict_type = 0;
        }

        return Status(LibAvCodec.avcodec_send_frame(Context, frame is null ? null : frame.Pointer), "encoding a frame");
    }

    /// <summary>Receives the next packet: Ok, TryAgain (needs more pictures) or EndOfFile (drained).</summary>
    public AvStatus Receive(MediaPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        packet.Unref();
        return Status(LibAvCodec.avcodec_receive_packet(Context, packet.Pointer), "receiving a packet");
    }

    public void Dispose() => _context.Dispose();

    private AvStatus Status(int result, string operation)
    {
        try
        {
            return AvResult.ToStatus(result, operation);
        }
        catch (AvException e)
        {
            throw new EncodeException($"{_where}: {e.Message}", e);
        }
    }

    private static AVRational TimeBaseFor(VideoFormat input)
    {
        if (input.TimeBase.Num > 0 && input.TimeBase.Den > 0)
        {
            return new AVRational(input.TimeBase.Num, input.TimeBase.Den);
        }

        return input.FrameRate.Num > 0 ? new AVRational(input.FrameRate.Den, input.FrameRate.Num) : new AVRational(1, 25);
    }

    /// <param name="oddSize">The output has an odd width or height: 4:2:0 cannot hold it (libx264 refuses it), so
    /// full-resolution chroma comes first.</param>
    private static AVPixelFormat ChoosePixelFormat(AVCodec* codec, string? requested, VideoFormat input, bool oddSize)
    {
        var supported = new List<AVPixelFormat>();
        for (AVPixelFormat* p = codec->pix_fmts; p is not null && *p != AVPixelFormat.None; p++)
        {
            supported.Add(*p);
        }

        if (requested is not null)
        {
            AVPixelFormat wanted = PixelFormats.Parse(requested);
            return supported.Count == 0 || supported.Contains(wanted)
                ? wanted
                : throw new EncodeException($"The encoder {Utf8.From(codec->name)} does not take pixel format {requested}; it takes {string.Join(", ", supported.Select(f => PixelFormats.Name((int)f)))}.");
        }

        string[] preference = (input, oddSize) switch
        {
            ({ IsRgb: true }, _) => ["rgb24", "yuv444p", "yuv420p", "yuvj420p"],
            ({ BitDepth: > 8 }, true) => ["yuv444p10le", "yuv444p", "yuv420p10le", "yuv420p"],
            ({ BitDepth: > 8 }, false) => ["yuv420p10le", "p010le", "yuv420p", "yuvj420p"],
            (_, true) => ["yuv444p", "yuvj444p", "yuv420p", "yuvj420p"],
            _ => ["yuv420p", "yuvj420p", "nv12"],
        };
        foreach (string name in preference)
        {
            AVPixelFormat format = PixelFormats.Parse(name);
            if (supported.Count == 0 || supported.Contains(format))
            {
                return format;
            }
        }

        return supported[0];
    }
}
