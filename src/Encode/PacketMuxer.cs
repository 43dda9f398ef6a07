using BsrnVideo.FFmpeg;
using BsrnVideo.FFmpeg.Handles;
using BsrnVideo.FFmpeg.Native;

namespace BsrnVideo.Encode;

/// <summary>
/// Writes the output container: one encoded video stream plus streams copied packet for packet from the input
/// (audio, subtitles), with the input's container and stream metadata, dispositions and display matrix (rotation).
/// Usage: add streams, <see cref="WriteHeader"/>, <see cref="Write"/> packets, <see cref="WriteTrailer"/>.
/// </summary>
public sealed unsafe class PacketMuxer : IDisposable
{
    private readonly AvOutputFormatHandle _context;
    private readonly List<(int OutputIndex, AVRational SourceTimeBase)> _routes = [];
    private bool _headerWritten;

    /// <param name="path">Where to write (the caller's temporary file).</param>
    /// <param name="formatName">Muxer name; null: guessed from <paramref name="nameForGuess"/>'s extension.</param>
    /// <param name="nameForGuess">The name the user gave, whose extension picks the container.</param>
    public PacketMuxer(string path, string? formatName, string nameForGuess)
    {
        LibAvLoader.EnsureCompatible();
        Path = path;
        DisplayName = nameForGuess;
        AVFormatContext* context = null;

        // The container comes from the name the user gave; the file written is the temporary one.
        AVOutputFormat* format = LibAvFormat.av_guess_format(formatName, formatName is null ? nameForGuess : null, null);
        int result = format is null ? AvConstants.AVERROR_EINVAL : LibAvFormat.avformat_alloc_output_context2(&context, format, null, path);
        if (result < 0 || context is null)
        {
            throw new EncodeException(formatName is null
                ? $"{nameForGuess}: no FFmpeg muxer handles the extension '{System.IO.Path.GetExtension(nameForGuess)}'; use .mp4, .mkv, .mov, .webm, .png or .jpg, or name one with --format."
                : $"{nameForGuess}: FFmpeg has no muxer named '{formatName}'.");
        }

        _context = new AvOutputFormatHandle(context);
    }

    public string Path { get; }

    /// <summary>The name the user gave, for messages.</summary>
    public string DisplayName { get; }

    /// <summary>The muxer's short name (mp4, matroska, image2, ...).</summary>
    public string FormatName => Utf8.From(_context.Pointer->oformat->name);

    /// <summary>Whether encoders must put their headers in extradata (mp4, mkv) instead of in-band.</summary>
    public bool NeedsGlobalHeader => (_context.Pointer->oformat->flags & AvConstants.AVFMT_GLOBALHEADER) != 0;

    /// <summary>True for the image muxers (png/jpg output).</summary>
    public bool IsImage => FormatName is "image2" or "apng";

    /// <summary>Adds the encoder's stream; returns its index in the output.</summary>
    public int AddVideoStream(VideoEncoder encoder, MediaStream? source)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        AVStream* stream = NewStream();
        Check(LibAvCodec.avcodec_parameters_from_context(stream->codecpar, encoder.Context), "describing the video stream");
        stream->time_base = encoder.Context->time_base;
        stream->avg_frame_rate = encoder.Context->framerate;
        stream->sample_aspect_ratio = encoder.Context->sample_aspect_ratio;
        if (source is not null)
        {
            CopyStreamExtras(source.Pointer, stream);
        }

        _routes.Add((stream->index, encoder.Context->time_base));
        return stream->index;
    }

    /// <summary>Whether the container can hold <paramref name="source"/>'s codec, and if not, a reason.</summary>
    public bool CanCopy(MediaStream source, out string reason)
    {
        ArgumentNullException.ThrowIfNull(source);
        int answer = LibAvFormat.avformat_query_codec(_context.Pointer->oformat, source.CodecParameters->codec_id, AvConstants.FF_COMPLIANCE_NORMAL);

        // A negative answer means the muxer cannot tell (mpegts has neither a codec table nor a query function, yet
        // carries AAC, MP3, AC-3...): let avformat_write_header decide. 0 is a real "no".
        bool possible = answer == 1 || answer < 0;
        reason = possible ? string.Empty : $"the {FormatName} container cannot hold {source.Kind.ToString().ToLowerInvariant()} stream {source.Describe()}";
        return possible;
    }

    /// <summary>Whether the container can hold AAC audio (what <c>--audio-codec aac</c> re-encodes to): WebM cannot.</summary>
    public bool CanHoldAac => LibAvFormat.avformat_query_codec(_context.Pointer->oformat, AVCodecID.Aac, AvConstants.FF_COMPLIANCE_NORMAL) == 1;

    /// <summary>Adds a stream copied packet for packet from the input; returns its index in the output.</summary>
    public int AddCopiedStream(MediaStream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!CanCopy(source, out string reason))
        {
            throw new EncodeException($"{DisplayName}: {reason}; pass --no-audio/--no-subs to leave it out, or choose a container that can (.mkv holds almost anything).");
        }

        AVStream* stream = NewStream();
        Check(LibAvCodec.avcodec_parameters_copy(stream->codecpar, source.CodecParameters), $"copying stream {source.Describe()}");
        stream->codecpar->codec_tag = 0; // let the muxer pick its own tag for the codec
        stream->time_base = source.Pointer->time_base;
        CopyStreamExtras(source.Pointer, stream);
        _routes.Add((stream->index, source.Pointer->time_base));
        return stream->index;
    }

    /// <summary>Adds the AAC stream of <paramref name="transcoder"/> in place of <paramref name="source"/>; returns its output index.</summary>
    public int AddTranscodedStream(AudioTranscoder transcoder, MediaStream source)
    {
        ArgumentNullException.ThrowIfNull(transcoder);
        ArgumentNullException.ThrowIfNull(source);
        if (!CanHoldAac)
        {
            throw new EncodeException($"{DisplayName}: the {FormatName} container cannot hold AAC audio, so audio stream {source.Describe()} cannot be re-encoded to it; pass --no-audio to leave it out, or write .mkv or .mp4.");
        }

        AVStream* stream = NewStream();
        Check(LibAvCodec.avcodec_parameters_from_context(stream->codecpar, transcoder.EncoderContext), $"describing the AAC stream for {source.Describe()}");
        stream->time_base = transcoder.EncoderContext->time_base;
        CopyStreamExtras(source.Pointer, stream);
        _routes.Add((stream->index, transcoder.EncoderContext->time_base));
        return stream->index;
    }


    public void CopyMetadata(MediaInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Check(LibAvUtil.av_dict_copy(&_context.Pointer->metadata, input.Context->metadata, 0), "copying the container metadata");
    }

    /// <summary>Opens the file and writes the container header.</summary>
    public void WriteHeader() => WriteHeader(null);

    /// <summary>
    /// Opens the file and writes the container header with the muxer's own options (the hls muxer's
    /// <c>hls_time</c>, <c>hls_list_size</c>...). An option the muxer does not take is an error naming it.
    /// </summary>
    public void WriteHeader(IReadOnlyDictionary<string, string>? muxerOptions)
    {
        AVFormatContext* context = _context.Pointer;
        if ((context->oformat->flags & AvConstants.AVFMT_NOFILE) == 0)
        {
            Check(LibAvFormat.avio_open2(&context->pb, Path, AvConstants.AVIO_FLAG_WRITE, null, null), "creating the output file");
        }

        var options = muxerOptions is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(muxerOptions, StringComparer.Ordinal);
        if (FormatName == "image2")
        {
            options["update"] = "1"; // one picture to a fixed file name, not a numbered sequence
        }

        AVDictionary* dictionary = AvDictionary.From(options);
        try
        {
            Check(LibAvFormat.avformat_write_header(context, &dictionary), "writing the container header");
            IReadOnlyList<string> unused = AvDictionary.Keys(dictionary);
            if (muxerOptions is not null && unused.Count > 0)
            {
                throw new EncodeException($"{DisplayName}: the {FormatName} muxer does not take the option(s) {string.Join(", ", unused)}.");
            }
        }
        finally
        {
            LibAvUtil.av_dict_free(&dictionary);
        }

        _headerWritten = true;
    }

    /// <summary>
    /// Writes a packet whose <see cref="MediaPacket.StreamIndex"/> is already the output index and whose timestamps
    /// are in that stream's source time base (the encoder's, or the input stream's for copies).
    /// </summary>
    public void Write(MediaPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        AVPacket* p = packet.Pointer;
        (int outputIndex, AVRational sourceTimeBase) = _routes[p->stream_index];
        AVStream* stream = _context.Pointer->streams[outputIndex];
        LibAvCodec.av_packet_rescale_ts(p, sourceTimeBase, stream->time_base);
        p->pos = -1;
        Check(LibAvFormat.av_interleaved_write_frame(_context.Pointer, p), "writing a packet");
    }

    /// <summary>Flushes interleaving queues and writes the trailer (the moov atom, the Matroska cues...).</summary>
    public void WriteTrailer()
    {
        if (!_headerWritten)
        {
            throw new InvalidOperationException("The header was never written.");
        }

        Check(LibAvFormat.av_write_trailer(_context.Pointer), "finishing the file");
    }

    public void Dispose() => _context.Dispose();

    private AVStream* NewStream()
    {
        AVStream* stream = LibAvFormat.avformat_new_stream(_context.Pointer, null);
        if (stream is null)
        {
            throw new EncodeException($"{DisplayName}: could not add a stream (out of memory).");
        }

        return stream;
    }

    private void CopyStreamExtras(AVStream* source, AVStream* destination)
    {
        Check(LibAvUtil.av_dict_copy(&destination->metadata, source->metadata, 0), "copying stream metadata");
        destination->disposition = source->disposition;
        nuint size = 0;
        byte* matrix = LibAvFormat.av_stream_get_side_data(source, AvConstants.AV_PKT_DATA_DISPLAYMATRIX, &size);
        if (matrix is not null && size > 0)
        {
            byte* copy = LibAvFormat.av_stream_new_side_data(destination, AvConstants.AV_PKT_DATA_DISPLAYMATRIX, size);
            if (copy is not null)
            {
                Buffer.MemoryCopy(matrix, copy, (long)size, (long)size);
            }
        }
    }

    private void Check(int result, string operation)
    {
        if (result < 0)
        {
            string text = AvResult.ErrorText(result);
            throw new EncodeException($"{DisplayName}: {operation} failed: {text}{AdviceFor(result)}", new AvException(result, operation, text));
        }
    }

    /// <summary>What the user can do about the write errors that are theirs to fix.</summary>
    private static string AdviceFor(int error) => error switch
    {
        AvConstants.AVERROR_ENOSPC or AvConstants.AVERROR_EDQUOT => "; free some space on that disk, or write the output elsewhere",
        AvConstants.AVERROR_EROFS => "; that disk is read-only: write the output elsewhere",
        AvConstants.AVERROR_EACCES => "; no permission to write there: write the output elsewhere, or fix the folder's permissions",
        _ => string.Empty,
    };
}
