using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BsrnVideo.FFmpeg;
using BsrnVideo.FFmpeg.Handles;
using BsrnVideo.FFmpeg.Native;

namespace BsrnVideo.Encode;

/// <summary>
/// Re-encodes one audio stream to AAC for containers that cannot hold the original codec (<c>--audio-codec aac</c>):
/// decode, convert the samples to planar float, regroup them into the encoder's 1024-sample frames (an AVAudioFifo),
/// encode. Timestamps continue from the first decoded frame's, counted in samples. Not thread-safe.
/// </summary>
public sealed unsafe class AudioTranscoder : IDisposable
{
    private readonly AvCodecContextHandle _decoder;
    private readonly AvCodecContextHandle _encoder;
    private readonly AvAudioFifoHandle _fifo;
    private readonly NativeFrame _decoded;
    private readonly NativeFrame _chunk;
    private readonly AVRational _sourceTimeBase;
    private readonly string _where;
    private float[][] _planes;
    private long _nextPts = long.MinValue;

    public AudioTranscoder(MediaStream source, string outputName, bool globalHeader, long bitRate = 192_000)
    {
        ArgumentNullException.ThrowIfNull(source);
        LibAvLoader.EnsureCompatible();
        _where = $"{outputName}: re-encoding audio stream {source.Describe()} to AAC";
        _sourceTimeBase = source.Pointer->time_base;
        AVCodec* decoderCodec = LibAvCodec.avcodec_find_decoder(source.CodecParameters->codec_id);
        AVCodec* encoderCodec = LibAvCodec.avcodec_find_encoder(AVCodecID.Aac);
        if (decoderCodec is null || encoderCodec is null)
        {
            throw new EncodeException($"{_where}: this FFmpeg build lacks the {(decoderCodec is null ? source.CodecName + " decoder" : "aac encoder")}.");
        }

        _decoder = new AvCodecContextHandle(LibAvCodec.avcodec_alloc_context3(decoderCodec));
        _encoder = new AvCodecContextHandle(LibAvCodec.avcodec_alloc_context3(encoderCodec));
        _decoded = new NativeFrame(null);
        _chunk = new NativeFrame(null);
        try
        {
            AVCodecContext* dec = _decoder.Pointer;
            Check(LibAvCodec.avcodec_parameters_to_context(dec, source.CodecParameters), "setting up the decoder");
            dec->pkt_timebase = _sourceTimeBase;
            Check(LibAvCodec.avcodec_open2(dec, decoderCodec, null), "opening the decoder");

            AVCodecContext* enc = _encoder.Pointer;
            enc->sample_rate = dec->sample_rate;
            enc->sample_fmt = AvConstants.AV_SAMPLE_FMT_FLTP;
            enc->bit_rate = bitRate;
            enc->time_base = new AVRational(1, dec->sample_rate);
            if (dec->ch_layout.nb_channels > 0 && dec->ch_layout.order != 0)
            {
                Check(LibAvUtil.av_channel_layout_copy(&enc->ch_layout, &dec->ch_layout), "copying the channel layout");
            }
            else
            {
                LibAvUtil.av_channel_layout_default(&enc->ch_layout, Math.Max(1, dec->ch_layout.nb_channels));
            }

            Channels = enc->ch_layout.nb_channels;
            if (globalHeader)
            {
                enc->flags |= AvConstants.AV_CODEC_FLAG_GLOBAL_HEADER;
            }

            Check(LibAvCodec.avcodec_open2(enc, encoderCodec, null), "opening the AAC encoder");
            _fifo = new AvAudioFifoHandle(LibAvUtil.av_audio_fifo_alloc(AvConstants.AV_SAMPLE_FMT_FLTP, Channels, Math.Max(enc->frame_size, 1024) * 4));
            _planes = NewPlanes(Channels, 4096);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Channels { get; }

    internal AVCodecContext* EncoderContext => _encoder.Pointer;

    /// <summary>
    /// Feeds one source packet (null: end of stream, drain everything) and hands each AAC packet produced, with
    /// timestamps in the encoder's time base (1/sample rate), to <paramref name="emit"/>; the packet is only valid
    /// during the call.
    /// </summary>
    public void Transcode(MediaPacket? packet, MediaPacket scratch, Action<MediaPacket> emit)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        ArgumentNullException.ThrowIfNull(emit);
        int sent = LibAvCodec.avcodec_send_packet(_decoder.Pointer, packet is null ? null : packet.Pointer);
        if (sent < 0 && sent != AvConstants.AVERROR_EOF)
        {
            return; // a damaged audio packet: skip it, as decoders of the ffmpeg CLI do
        }

        while (LibAvCodec.avcodec_receive_frame(_decoder.Pointer, _decoded.Pointer) >= 0)
        {
            Queue(_decoded.Pointer);
            LibAvUtil.av_frame_unref(_decoded.Pointer);
            EncodeQueued(scratch, emit, flush: false);
        }

        if (packet is null)
        {
            EncodeQueued(scratch, emit, flush: true);
            Status(LibAvCodec.avcodec_send_frame(_encoder.Pointer, null), "draining the encoder");
            Receive(scratch, emit);
        }
    }

    public void Dispose()
    {
        _fifo?.Dispose();
        _chunk?.Release();
        _decoded?.Release();
        _encoder?.Dispose();
        _decoder?.Dispose();
    }

    private void Queue(AVFrame* frame)
    {
        int samples = frame->nb_samples;
        if (_nextPts == long.MinValue)
        {
            long pts = frame->best_effort_timestamp != AvConstants.AV_NOPTS_VALUE ? frame->best_effort_timestamp : frame->pts;
            _nextPts = pts == AvConstants.AV_NOPTS_VALUE ? 0 : LibAvUtil.av_rescale_q(pts, _sourceTimeBase, _encoder.Pointer->time_base);
        }

        if (_planes[0].Length < samples)
        {
            _planes = NewPlanes(Channels, samples);
        }

        SampleConverter.ToPlanarFloat(frame, Channels, samples, _planes);
        // The planes are allocated pinned, so their addresses are stable.
        void** pointers = stackalloc void*[Channels];
        for (int c = 0; c < Channels; c++)
        {
            pointers[c] = Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_planes[c]));
        }

        if (LibAvUtil.av_audio_fifo_write(_fifo.Pointer, pointers, samples) < samples)
        {
            throw new EncodeException($"{_where}: out of memory buffering samples.");
        }
    }

    private void EncodeQueued(MediaPacket scratch, Action<MediaPacket> emit, bool flush)
    {
        AVCodecContext* enc = _encoder.Pointer;
        int frameSize = enc->frame_size > 0 ? enc->frame_size : 1024;
        while (LibAvUtil.av_audio_fifo_size(_fifo.Pointer) >= frameSize || (flush && LibAvUtil.av_audio_fifo_size(_fifo.Pointer) > 0))
        {
            int take = Math.Min(frameSize, LibAvUtil.av_audio_fifo_size(_fifo.Pointer));
            AVFrame* chunk = _chunk.Pointer;
            LibAvUtil.av_frame_unref(chunk);
            chunk->nb_samples = take;
            chunk->format = AvConstants.AV_SAMPLE_FMT_FLTP;
            chunk->sample_rate = enc->sample_rate;
            Check(LibAvUtil.av_channel_layout_copy(&chunk->ch_layout, &enc->ch_layout), "copying the channel layout");
            Check(LibAvUtil.av_frame_get_buffer(chunk, 0), "allocating an audio frame");
            if (LibAvUtil.av_audio_fifo_read(_fifo.Pointer, (void**)chunk->extended_data, take) < take)
            {
                throw new EncodeException($"{_where}: reading buffered samples failed.");
            }

            chunk->pts = _nextPts;
            _nextPts += take;
            Status(LibAvCodec.avcodec_send_frame(enc, chunk), "encoding audio");
            Receive(scratch, emit);
        }
    }

    private void Receive(MediaPacket scratch, Action<MediaPacket> emit)
    {
        while (true)
        {
            scratch.Unref();
            int result = LibAvCodec.avcodec_receive_packet(_encoder.Pointer, scratch.Pointer);
            if (result == AvConstants.AVERROR_EAGAIN || result == AvConstants.AVERROR_EOF)
            {
                return;
            }

            Check(result, "receiving an AAC packet");
            emit(scratch);
        }
    }

    private void Status(int result, string operation)
    {
        if (result < 0 && result != AvConstants.AVERROR_EOF && result != AvConstants.AVERROR_EAGAIN)
        {
            Check(result, operation);
        }
    }

    private void Check(int result, string operation)
    {
        if (result < 0)
        {
            throw new EncodeException($"{_where}: {operation} failed: {AvResult.ErrorText(result)}");
        }
    }

    private static float[][] NewPlanes(int channels, int samples) =>
        [.. Enumerable.Range(0, channels).Select(_ => GC.AllocateUninitializedArray<float>(samples, pinned: true))];
}
