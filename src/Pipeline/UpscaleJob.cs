using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using BsrnVideo.Decode;
using BsrnVideo.Encode;
using BsrnVideo.FFmpeg;
using BsrnVideo.Frames;
using BsrnVideo.Infer;
using BsrnVideo.Pipeline.Stages;

namespace BsrnVideo.Pipeline;

/// <summary>
/// One offline job: input file to upscaled output file. <see cref="Open"/> checks and opens everything (so every
/// user error surfaces before the first frame); <see cref="RunAsync"/> runs the seven stages, each on its own task,
/// connected by bounded channels: demux, decode, to_tensor, infer, from_tensor, encode, mux.
/// </summary>
public sealed class UpscaleJob : IDisposable
{
    private readonly UpscaleJobOptions _options;
    private readonly IUpscaler _upscaler;
    private readonly PipelineMetrics _metrics;
    private readonly OutputTarget _target;
    private readonly MediaInput _input;
    private readonly MediaStream _videoStream;
    private readonly VideoDecoder _decoder;
    private readonly PacketMuxer _muxer;
    private readonly VideoEncoder _encoder;
    private readonly Dictionary<int, int> _copiedStreams = [];
    private readonly Dictionary<int, AudioTranscoder> _transcoders = [];
    private readonly Action<string>? _warn;
    private EncodeStage? _encodeStage;
    private DecodeStage? _decodeStage;
    private FramePool? _inputFrames;
    private FramePool? _outputFrames;
    private MuxStage? _muxStage;

    private UpscaleJob(UpscaleJobOptions options, IUpscaler upscaler, PipelineMetrics metrics, Action<string>? warn)
    {
        _options = options;
        _upscaler = upscaler;
        _metrics = metrics;
        _warn = warn;
        _target = OutputTarget.Prepare(options.Input, options.Output, options.Overwrite);
        OutputPath = _target.FinalPath;
        try
        {
            _input = OpenInput(options);
            _videoStream = _input.FindBestVideoStream() ?? throw new DecodeException($"{options.Input}: has no video stream ({DescribeStreams(_input)}).");
            ThrowIfTruncated(_input, options.Input);
            _decoder = new VideoDecoder(_videoStream, options.DecoderThreads, options.Strict);
            VideoFormat format = _decoder.Format;
            if (format.Width <= 0 || format.Height <= 0)
            {
                throw new DecodeException($"{options.Input}: stream {_videoStream.Describe()} has no picture size; the file is damaged or not a video.");
            }

            OutputWidth = format.Width * upscaler.Scale;
            OutputHeight = format.Height * upscaler.Scale;
            if ((long)OutputWidth * OutputHeight > options.MaxOutputPixels)
            {
                throw new EncodeException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{options.Output}: the output would be {OutputWidth}x{OutputHeight} ({(long)OutputWidth * OutputHeight} pixels), above the limit of {options.MaxOutputPixels} pixels; raise it with --max-output-pixels, or lower --scale."));
            }

            _muxer = new PacketMuxer(_target.PartialPath, options.Format, options.Output);
            string codec = options.Encoder.Codec ?? DefaultCodecs.VideoCodecFor(_muxer.FormatName, options.Output);
            _encoder = new VideoEncoder(options.Encoder with { Codec = codec }, format, OutputWidth, OutputHeight, options.Output, _muxer.NeedsGlobalHeader);
            VideoOutputIndex = _muxer.AddVideoStream(_encoder, _videoStream);
            AddCopiedStreams();
            _muxer.CopyMetadata(_input);
            _muxer.WriteHeader();
            InputFormat = format;
            EstimatedFrames = EstimateFrames(format);
        }
        catch
        {
            DisposeResources();
            throw;
        }
    }

    public VideoFormat InputFormat { get; }

    public int OutputWidth { get; }

    public int OutputHeight { get; }

    public string EncoderName => _encoder.CodecName;

    public string EncoderPixelFormat => _encoder.PixelFormat;

    public int VideoOutputIndex { get; }

    /// <summary>Frame count from the container, or from duration x frame rate; null when unknown (live input).</summary>
    public long? EstimatedFrames { get; }

    /// <summary>How long a graceful stop may spend flushing the encoder before it drops what is still inside.</summary>
    public static TimeSpan StopBudget { get; } = TimeSpan.FromSeconds(0.8);

    /// <summary>Frames handed to the encoder so far (thread-safe read for progress displays).</summary>
    public long FramesDone => _encodeStage?.FramesEncoded ?? 0;

    /// <summary>Frames in the output file: after a graceful stop, fewer than <see cref="FramesDone"/> when the encoder's flush was cut short.</summary>
    public long FramesWritten => _encodeStage?.PacketsWritten ?? 0;

    /// <summary>Damaged data skipped: packets the decoder rejected, pictures whose timestamps went backwards, copied packets the muxer refused.</summary>
    public long SkippedPackets => (_decodeStage?.SkippedPackets ?? 0) + (_encodeStage?.FramesOutOfOrder ?? 0) + (_muxStage?.SkippedPackets ?? 0);

    /// <summary>Input streams copied into the output, as "#1 (aac)".</summary>
    public IReadOnlyList<string> CopiedStreams => [.. _copiedStreams.Keys.Select(i => _input.Streams[i].Describe())];

    /// <summary>The finished file; after an interrupted run, the partial file that was kept (null if none).</summary>
    public string? OutputPath { get; private set; }

    /// <summary>RGB frames of the last run not yet back in their pools (leak tests assert 0 after a run).</summary>
    internal int RgbFramesOutstanding => (_inputFrames?.Outstanding ?? 0) + (_outputFrames?.Outstanding ?? 0);

    /// <summary>Checks the arguments against the input and the output and opens both.</summary>
    /// <exception cref="DecodeException">The input cannot be read.</exception>
    /// <exception cref="EncodeException">The output cannot be written as asked.</exception>
    public static UpscaleJob Open(UpscaleJobOptions options, IUpscaler upscaler, PipelineMetrics metrics, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(upscaler);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Batch, 1);
        return new UpscaleJob(options, upscaler, metrics, warn);
    }

    /// <summary>
    /// Runs the job to the end and moves the finished file into place. <paramref name="stop"/> is the graceful stop
    /// (Ctrl+C): reading ends, frames not yet upscaled are dropped, the encoder is flushed and the trailer written,
    /// and the playable partial file is kept beside the target (<see cref="OutputPath"/> then names it).
    /// <paramref name="cancellationToken"/> aborts at once and keeps nothing.
    /// </summary>
    public async Task<JobOutcome> RunAsync(CancellationToken stop, CancellationToken cancellationToken = default)
    {
        int batch = _options.Batch;
        var packetsIn = StageChannels.Bounded<MediaPacket>(32);
        var passthrough = Channel.CreateUnbounded<MediaPacket>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var decoded = StageChannels.Bounded<NativeFrame>(4);
        var rgbIn = StageChannels.Bounded<RgbFrame>(2 * batch);
        var rgbOut = StageChannels.Bounded<RgbFrame>(2 * batch);
        var yuvOut = StageChannels.Bounded<NativeFrame>(4);
        var packetsOut = StageChannels.Bounded<MediaPacket>(64);

        using var packetPool = new PacketPool();
        using var decodedPool = new NativeFramePool(keepBuffers: false);
        using var encoderPool = new NativeFramePool(keepBuffers: true);
        // Each RGB pool's frames in flight: its channel (2 x batch), the batch in infer, the one in to/from_tensor.
        // Allocated now, so that no frame-sized buffer is allocated mid-run whenever a queue first fills.
        int rgbInFlight = (3 * batch) + 1;
        var inputFrames = _inputFrames = new FramePool(InputFormat.Width, InputFormat.Height, rgbInFlight);
        var outputFrames = _outputFrames = new FramePool(OutputWidth, OutputHeight, rgbInFlight);
        using var converter = new RgbFrameConverter(InputFormat.Color);
        using PictureScaler fromRgb = PictureScaler.FromRgb(OutputWidth, OutputHeight, _encoder.PixelFormat, _encoder.Encoding);
        using IDisposable queues = _metrics.ObserveQueue(() =>
        [
            _metrics.QueueDepth(packetsIn.Reader, DecodeStage.Name),
            _metrics.QueueDepth(decoded.Reader, ToTensorStage.Name),
            _metrics.QueueDepth(rgbIn.Reader, InferStage.Name),
            _metrics.QueueDepth(rgbOut.Reader, FromTensorStage.Name),
            _metrics.QueueDepth(yuvOut.Reader, EncodeStage.Name),
            _metrics.QueueDepth(packetsOut.Reader, MuxStage.Name),
        ]);

        _decodeStage = new DecodeStage(_decoder, decodedPool, _metrics, _options.Strict, _warn, stop);
        var encodeOptions = new EncodeStageOptions { Source = $"{_options.Input}: stream {_videoStream.Describe()}", Strict = _options.Strict, Warn = _warn, StopBudget = StopBudget };
        _encodeStage = new EncodeStage(_encoder, packetPool, VideoOutputIndex, _metrics, encodeOptions, stop);
        var runner = new StageGroup(cancellationToken);
        runner.Start(DemuxStage.Name, ct => new DemuxStage(_input, _videoStream.Index, _copiedStreams, packetPool, _metrics, stop).RunAsync(packetsIn.Writer, passthrough.Writer, ct));
        runner.Start(DecodeStage.Name, ct => _decodeStage.RunAsync(packetsIn.Reader, decoded.Writer, ct));
        runner.Start(ToTensorStage.Name, ct => new ToTensorStage(converter, inputFrames, _metrics).RunAsync(decoded.Reader, rgbIn.Writer, ct));
        runner.Start(InferStage.Name, ct => new InferStage(_upscaler, outputFrames, batch, _metrics, stop).RunAsync(rgbIn.Reader, rgbOut.Writer, ct));
        runner.Start(FromTensorStage.Name, ct => new FromTensorStage(fromRgb, encoderPool, _metrics).RunAsync(rgbOut.Reader, yuvOut.Writer, ct));
        runner.Start(EncodeStage.Name, ct => _encodeStage.RunAsync(yuvOut.Reader, packetsOut.Writer, ct));
        Dictionary<int, string> copiedNames = _copiedStreams.ToDictionary(p => p.Value, p => $"{_options.Input}: stream {_input.Streams[p.Key].Describe()}");
        _muxStage = new MuxStage(_muxer, _metrics, copiedNames, _options.Strict, _warn, _transcoders, packetPool);
        runner.Start(MuxStage.Name, ct => _muxStage.RunAsync(packetsOut.Reader, passthrough.Reader, ct));
        try
        {
            await runner.WhenAllAsync().ConfigureAwait(false);
        }
        finally
        {
            // Whatever is still queued after a failure or cancellation goes back to its pool.
            StageChannels.DrainAndDispose(packetsIn.Reader);
            StageChannels.DrainAndDispose(passthrough.Reader);
            StageChannels.DrainAndDispose(decoded.Reader);
            StageChannels.DrainAndDispose(rgbIn.Reader);
            StageChannels.DrainAndDispose(rgbOut.Reader);
            StageChannels.DrainAndDispose(yuvOut.Reader);
            StageChannels.DrainAndDispose(packetsOut.Reader);
        }

        bool interrupted = stop.IsCancellationRequested;
        if (_encodeStage.PacketsWritten == 0)
        {
            OutputPath = null;
            return interrupted
                ? JobOutcome.Interrupted
                : throw new DecodeException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{_options.Input}: stream {_videoStream.Describe()} has no decodable frame ({SkippedPackets} damaged packet(s) skipped); the video data is damaged beyond use."));
        }

        _muxer.Dispose(); // closes the file before it is moved
        if (interrupted)
        {
            string kept = InterruptedName(_target.FinalPath);
            _target.KeepPartialAs(kept);
            OutputPath = kept;
            return JobOutcome.Interrupted;
        }

        _target.Commit();
        return JobOutcome.Completed;
    }

    /// <summary>"out.mp4" -> "out.interrupted.mp4": playable, recognisable, never the target itself.</summary>
    public static string InterruptedName(string target) =>
        Path.Combine(Path.GetDirectoryName(target) ?? ".", Path.GetFileNameWithoutExtension(target) + ".interrupted" + Path.GetExtension(target));

    public void Dispose() => DisposeResources();

    private void DisposeResources()
    {
        foreach (AudioTranscoder transcoder in _transcoders.Values)
        {
            transcoder.Dispose();
        }

        _muxer?.Dispose();
        _encoder?.Dispose();
        _decoder?.Dispose();
        _input?.Dispose();
        _target.Dispose();
    }

    private static MediaInput OpenInput(UpscaleJobOptions options)
    {
        if (OutputTarget.IsLocalPath(options.Input) && !File.Exists(options.Input))
        {
            throw new DecodeException(Directory.Exists(options.Input)
                ? $"{options.Input}: is a folder, not a video file."
                : $"{options.Input}: no such file.");
        }

        if (OutputTarget.IsLocalPath(options.Input) && new FileInfo(options.Input).Length == 0)
        {
            throw new DecodeException($"{options.Input}: is empty (0 bytes); nothing to upscale.");
        }

        try
        {
            return MediaInput.Open(options.Input, options.InputOptions);
        }
        catch (AvException e) when (e.IsInvalidData || e.IsEndOfFile)
        {
            throw new DecodeException(
                $"{options.Input}: cannot be read as a video: {e.FFmpegMessage}; it is not a format FFmpeg knows, or it is damaged or incomplete (an .mp4 cut short has no index, moov).",
                e);
        }
        catch (AvException e)
        {
            throw new DecodeException($"{options.Input}: cannot be read as a video: {e.FFmpegMessage}.", e);
        }
    }

    /// <summary>An mp4 cut short (an interrupted download or copy) still opens when its index comes first; refuse it rather than upscale part of it.</summary>
    private static void ThrowIfTruncated(MediaInput input, string name)
    {
        if (input.TryGetIndexedExtent(out long indexedEnd, out long fileSize) && indexedEnd > fileSize)
        {
            throw new DecodeException(string.Create(
                CultureInfo.InvariantCulture,
                $"{name}: is truncated: its index expects {indexedEnd} bytes but the file holds {fileSize}; get the complete file, or keep what is there with `ffmpeg -i {name} -c copy fixed.mp4` and upscale that."));
        }
    }

    private void AddCopiedStreams()
    {
        if (_muxer.IsImage)
        {
            return; // a still has no room for sound or subtitles
        }

        foreach (MediaStream stream in _input.Streams)
        {
            bool wanted = stream.Kind switch
            {
                MediaKind.Audio => !_options.NoAudio,
                MediaKind.Subtitle => !_options.NoSubtitles,
                _ => false,
            };
            if (!wanted)
            {
                continue;
            }

            string flag = stream.Kind == MediaKind.Audio ? "--no-audio" : "--no-subs";
            if (stream.CodecName == "none")
            {
                // Nothing can hold a stream nobody can name (a damaged header): leave it out rather than fail.
                _warn?.Invoke($"warning: {_options.Input}: stream #{stream.Index} has an unknown codec (a damaged header?); leaving it out.");
                continue;
            }

            if (IsMissingItsConfiguration(stream))
            {
                // mp4/mkv always store AAC's AudioSpecificConfig; without it Matroska refuses every packet.
                string what = $"{_options.Input}: stream {stream.Describe()} has lost its codec configuration (a damaged header)";
                if (_options.Strict)
                {
                    throw new DecodeException($"{what}; stopped because of --strict (leave it out to copy the rest, or pass {flag}).");
                }

                _warn?.Invoke($"warning: {what}; leaving it out.");
                continue;
            }

            if (stream.Kind == MediaKind.Audio && _options.AudioCodec is not null)
            {
                if (_options.AudioCodec != "aac")
                {
                    throw new EncodeException($"{_options.Output}: audio can be copied or re-encoded to aac, not to '{_options.AudioCodec}'.");
                }

                var transcoder = new AudioTranscoder(stream, _options.Output, _muxer.NeedsGlobalHeader);
                int index;
                try
                {
                    index = _muxer.AddTranscodedStream(transcoder, stream);
                }
                catch
                {
                    transcoder.Dispose();
                    throw;
                }

                _transcoders[index] = transcoder;
                _copiedStreams[stream.Index] = index;
                continue;
            }

            if (!_muxer.CanCopy(stream, out string reason))
            {
                string fix = stream.Kind == MediaKind.Audio
                    ? (_muxer.CanHoldAac ? "pass --audio-codec aac to re-encode it, --no-audio to leave it out" : "pass --no-audio to leave it out")
                    : "pass --no-subs to leave it out";
                string mkv = _muxer.FormatName == "matroska" ? string.Empty : ", or write .mkv, which holds almost any codec";
                throw new EncodeException($"{_options.Output}: {reason}; {fix}{mkv}.");
            }

            _copiedStreams[stream.Index] = _muxer.AddCopiedStream(stream);
        }
    }

    private bool IsMissingItsConfiguration(MediaStream stream) =>
        stream.CodecName == "aac" && stream.ExtradataSize == 0 &&
        (_input.FormatName.StartsWith("mov,", StringComparison.Ordinal) || _input.FormatName.StartsWith("matroska", StringComparison.Ordinal));

    private long? EstimateFrames(VideoFormat format)
    {
        long fromContainer = _videoStream.FrameCountHint;
        if (fromContainer > 0)
        {
            return fromContainer;
        }

        double? duration = _input.DurationSeconds;
        return duration is > 0 && format.FramesPerSecond > 0 ? (long)Math.Round(duration.Value * format.FramesPerSecond) : null;
    }

    private static string DescribeStreams(MediaInput input) =>
        input.Streams.Count == 0 ? "no streams at all" : "found " + string.Join(", ", input.Streams.Select(s => $"{s.Kind.ToString().ToLowerInvariant()} {s.Describe()}"));
}
