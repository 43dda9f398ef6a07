using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using BsrnVideo.Decode;
using BsrnVideo.Encode;
using BsrnVideo.FFmpeg;
using BsrnVideo.Frames;
using BsrnVideo.Infer;
using BsrnVideo.Pipeline.Stages;

namespace BsrnVideo.Pipeline.Live;

/// <summary>
/// One live job: a stream in, an upscaled stream out, for as long as it runs. The same stages as the offline
/// <see cref="UpscaleJob"/> (demux, decode, to_tensor, infer, from_tensor, encode, mux), with live behaviour:
/// <list type="bullet">
/// <item>ingest (demux, decode, pacing) runs per input <i>session</i>; when the input fails or goes quiet the job
/// reopens it with exponential backoff (<see cref="LiveJobState.Reconnecting"/>) while the output stays open;</item>
/// <item>frames are released by their timestamps (<see cref="LiveJobOptions.Pace"/>) and re-based so output
/// timestamps stay monotonic across reconnects;</item>
/// <item>the queue in front of inference is a <c>DropOldest</c> channel: when inference (or anything after it)
/// falls behind, the oldest waiting frame is disposed and counted, so ingest never waits on inference and latency
/// stays bounded by the queue lengths;</item>
/// <item><see cref="RequestStop"/> stops intake and lets every stage drain: the encoder is flushed and the muxer
/// writes its trailer (an HLS playlist gets <c>#EXT-X-ENDLIST</c>).</item>
/// </list>
/// </summary>
public sealed class LiveJob : IDisposable
{
    // Live jobs copy audio as is (live sources carry AAC or another codec the HLS/TS muxers hold).
    private static readonly Dictionary<int, AudioTranscoder> s_noTranscoders = [];
    private static readonly Dictionary<int, string> s_noCopiedNames = [];

    private const int DecodedQueue = 4;
    private const int AfterInferQueue = 2;
    private const int PacketQueue = 16;
    private const int AudioQueue = 512;

    private readonly LiveJobOptions _options;
    private readonly IUpscaler _upscaler;
    private readonly PipelineMetrics _metrics;
    private readonly Action<string>? _log;
    private readonly CancellationTokenSource _stopIntake = new();
    private readonly PacketPool _packetPool = new();
    private readonly NativeFramePool _decodedPool = new(keepBuffers: false);
    private TimestampRebaser? _rebaser;
    private EncodeStage? _encodeStage;
    private OverloadUpscaler? _overload;
    private int _state = (int)LiveJobState.Starting;
    private string? _lastError;
    private long _framesIn;
    private long _framesDropped;
    private long _reconnects;
    private (int Num, int Den) _audioTimeBase;
    private int _audioOutputIndex = -1;
    private FramePool? _inputFrames;
    private FramePool? _outputFrames;
    private NativeFramePool? _encoderPool;

    public LiveJob(LiveJobOptions options, IUpscaler upscaler, PipelineMetrics metrics, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(upscaler);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Batch, 1);
        _options = options;
        _upscaler = upscaler;
        _metrics = metrics;
        _log = log;
    }

    public LiveJobState State => (LiveJobState)Volatile.Read(ref _state);

    /// <summary>The last error met: a failure that ended the job, or why the input was last reopened.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>Decoded frames that entered the pipeline.</summary>
    public long FramesIn => Interlocked.Read(ref _framesIn);

    /// <summary>Frames handed to the encoder.</summary>
    public long FramesOut => _encodeStage?.FramesEncoded ?? 0;

    /// <summary>Frames dropped in front of inference because it fell behind.</summary>
    public long FramesDropped => Interlocked.Read(ref _framesDropped);

    /// <summary>Frames upscaled by the bicubic fallback (<see cref="OverloadPolicy.Bicubic"/>).</summary>
    public long FallbackFrames => _overload?.FallbackFrames ?? 0;

    /// <summary>Times the input was reopened after it dropped.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    public VideoFormat? InputFormat { get; private set; }

    public (int Width, int Height)? OutputSize { get; private set; }

    /// <summary>Where inference runs: cpu, cuda or swscale (bicubic).</summary>
    public string Device => _upscaler.Provider;

    public string Model => _upscaler.Name;

    /// <summary>Pooled frames not handed back (tests assert 0 once the job has ended).</summary>
    internal int OutstandingFrames =>
        _decodedPool.Outstanding + (_inputFrames?.Outstanding ?? 0) + (_outputFrames?.Outstanding ?? 0) + (_encoderPool?.Outstanding ?? 0);

    /// <summary>Stops intake; the stages drain and the output is finalised. <see cref="RunAsync"/> then returns.</summary>
    public void RequestStop()
    {
        if (State is LiveJobState.Starting or LiveJobState.Running or LiveJobState.Reconnecting)
        {
            SetState(LiveJobState.Stopping);
        }

        _stopIntake.Cancel();
    }

    /// <summary>
    /// Runs until the input ends (files), <see cref="RequestStop"/> (finalised output) or
    /// <paramref name="cancellationToken"/> (abort: the output is left as it is). Errors are rethrown after
    /// <see cref="State"/> and <see cref="LastError"/> say what happened.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunCoreAsync(cancellationToken).ConfigureAwait(false);
            SetState(_stopIntake.IsCancellationRequested ? LiveJobState.Stopped : LiveJobState.Completed);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Volatile.Write(ref _lastError, LastError ?? "aborted before the output was finalised");
            SetState(LiveJobState.Stopped);
            throw;
        }
        catch (Exception e)
        {
            Volatile.Write(ref _lastError, e.Message);
            SetState(LiveJobState.Failed);
            throw;
        }
    }

    public void Dispose()
    {
        _stopIntake.Dispose();
        _overload?.Dispose();
        _decodedPool.Dispose();
        _packetPool.Dispose();
    }

    private async Task RunCoreAsync(CancellationToken cancellationToken)
    {
        InputSession? first = await ConnectAsync(firstTime: true, cancellationToken).ConfigureAwait(false);
        if (first is null)
        {
            return; // stopped before the input ever opened: nothing to finalise
        }

        OutputTarget? target = null;
        PacketMuxer? muxer = null;
        VideoEncoder? encoder = null;
        try
        {
            VideoFormat format = first.Decoder.Format;
            InputFormat = format;
            int outWidth = format.Width * _upscaler.Scale;
            int outHeight = format.Height * _upscaler.Scale;
            if ((long)outWidth * outHeight > _options.MaxOutputPixels)
            {
                throw new EncodeException($"{_options.Output}: the output would be {outWidth}x{outHeight}, above the limit of {_options.MaxOutputPixels / 1e6:F1} MP; lower the scale.");
            }

            OutputSize = (outWidth, outHeight);
            string writeTo = _options.Output;
            if (IsFile(_options.Output) && !string.Equals(_options.Format, "hls", StringComparison.Ordinal))
            {
                target = OutputTarget.Prepare(_options.Input, _options.Output, overwrite: false);
                writeTo = target.PartialPath;
            }

            muxer = new PacketMuxer(writeTo, _options.Format, _options.Output);
            encoder = new VideoEncoder(LiveEncoderSettings(muxer, format), format, outWidth, outHeight, _options.Output, muxer.NeedsGlobalHeader);
            int videoIndex = muxer.AddVideoStream(encoder, first.Video);
            AddAudio(muxer, first);
            muxer.WriteHeader(_options.MuxerOptions);
            _rebaser = new TimestampRebaser(encoder.TimeBase, format.FramesPerSecond);
            _log?.Invoke($"{_options.Input}: {format.Width}x{format.Height} {format.PixelFormat} {format.FramesPerSecond:F2} fps -> {_options.Output} {outWidth}x{outHeight} {encoder.CodecName} ({_upscaler.Name} on {_upscaler.Provider})");

            await RunStagesAsync(first, muxer, encoder, videoIndex, cancellationToken).ConfigureAwait(false);
            first = null; // the ingest loop disposed it

            muxer.Dispose(); // closes the file before it is moved
            target?.Commit();
        }
        finally
        {
            first?.Dispose();
            muxer?.Dispose();
            encoder?.Dispose();
            target?.Dispose();
        }
    }

    private async Task RunStagesAsync(InputSession first, PacketMuxer muxer, VideoEncoder encoder, int videoIndex, CancellationToken cancellationToken)
    {
        VideoFormat format = InputFormat!;
        (int outWidth, int outHeight) = OutputSize!.Value;
        int queueFrames = Math.Max(_options.QueueFrames, _options.Batch);
        var decoded = StageChannels.Bounded<NativeFrame>(DecodedQueue);
        var audio = Channel.CreateBounded<MediaPacket>(
            new BoundedChannelOptions(AudioQueue) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.DropOldest },
            static packet => packet.Dispose());
        var rgbIn = Channel.CreateBounded<RgbFrame>(
            new BoundedChannelOptions(queueFrames) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.DropOldest },
            DropFrame);
        var rgbOut = StageChannels.Bounded<RgbFrame>(AfterInferQueue);
        var yuvOut = StageChannels.Bounded<NativeFrame>(AfterInferQueue);
        var packetsOut = StageChannels.Bounded<MediaPacket>(PacketQueue);

        using var encoderPool = new NativeFramePool(keepBuffers: true);
        var inputFrames = new FramePool(format.Width, format.Height);
        var outputFrames = new FramePool(outWidth, outHeight);
        (_encoderPool, _inputFrames, _outputFrames) = (encoderPool, inputFrames, outputFrames);
        using var converter = new RgbFrameConverter(format.Color);
        using PictureScaler fromRgb = PictureScaler.FromRgb(outWidth, outHeight, encoder.PixelFormat, encoder.Encoding);
        using IDisposable queues = _metrics.ObserveQueue(() =>
        [
            _metrics.QueueDepth(decoded.Reader, ToTensorStage.Name),
            _metrics.QueueDepth(rgbIn.Reader, InferStage.Name),
            _metrics.QueueDepth(rgbOut.Reader, FromTensorStage.Name),
            _metrics.QueueDepth(yuvOut.Reader, EncodeStage.Name),
            _metrics.QueueDepth(packetsOut.Reader, MuxStage.Name),
        ]);

        IUpscaler upscaler = _upscaler;
        if (_options.Overload == OverloadPolicy.Bicubic)
        {
            _overload = new OverloadUpscaler(_upscaler, () => rgbIn.Reader.Count >= queueFrames);
            upscaler = _overload;
        }

        _encodeStage = new EncodeStage(encoder, _packetPool, videoIndex, _metrics, new EncodeStageOptions { Source = _options.Input, Warn = _log }, CancellationToken.None);
        var runner = new StageGroup(cancellationToken);
        runner.Start("ingest", ct => IngestAsync(first, decoded.Writer, audio.Writer, ct));
        runner.Start(ToTensorStage.Name, ct => new ToTensorStage(converter, inputFrames, _metrics).RunAsync(decoded.Reader, rgbIn.Writer, ct));
        runner.Start(InferStage.Name, ct => new InferStage(upscaler, outputFrames, _options.Batch, _metrics, CancellationToken.None).RunAsync(rgbIn.Reader, rgbOut.Writer, ct));
        runner.Start(FromTensorStage.Name, ct => new FromTensorStage(fromRgb, encoderPool, _metrics).RunAsync(rgbOut.Reader, yuvOut.Writer, ct));
        runner.Start(EncodeStage.Name, ct => _encodeStage.RunAsync(yuvOut.Reader, packetsOut.Writer, ct));
        runner.Start(MuxStage.Name, ct => new MuxStage(muxer, _metrics, s_noCopiedNames, strict: false, _log, s_noTranscoders, _packetPool).RunAsync(packetsOut.Reader, audio.Reader, ct));
        try
        {
            await runner.WhenAllAsync().ConfigureAwait(false);
        }
        finally
        {
            StageChannels.DrainAndDispose(decoded.Reader);
            StageChannels.DrainAndDispose(audio.Reader);
            StageChannels.DrainAndDispose(rgbIn.Reader);
            StageChannels.DrainAndDispose(rgbOut.Reader);
            StageChannels.DrainAndDispose(yuvOut.Reader);
            StageChannels.DrainAndDispose(packetsOut.Reader);
        }
    }

    /// <summary>The ingest loop: runs input sessions one after another, reconnecting in between, until stopped.</summary>
    private async Task IngestAsync(InputSession first, ChannelWriter<NativeFrame> video, ChannelWriter<MediaPacket> audio, CancellationToken cancellationToken)
    {
        Exception? error = null;
        InputSession? session = first;
        try
        {
            while (session is not null)
            {
                Exception? failure = null;
                bool ended = false;
                try
                {
                    SetState(LiveJobState.Running);
                    await RunSessionAsync(session, video, audio, cancellationToken).ConfigureAwait(false);
                    ended = true;
                }
                catch (OperationCanceledException) when (_stopIntake.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e) when (e is DecodeException or AvException && !cancellationToken.IsCancellationRequested)
                {
                    failure = e;
                }
                finally
                {
                    session.Dispose();
                    session = null;
                }

                if (_stopIntake.IsCancellationRequested || (ended && !IsNetwork(_options.Input)))
                {
                    break;
                }

                if (!_options.Reconnect)
                {
                    if (failure is not null)
                    {
                        ExceptionDispatchInfo.Throw(failure);
                    }

                    break;
                }

                string why = failure?.Message ?? "the input ended";
                Volatile.Write(ref _lastError, why);
                _log?.Invoke($"{_options.Input}: {why}; reconnecting");
                session = await ConnectAsync(firstTime: false, cancellationToken).ConfigureAwait(false);
                if (session is not null)
                {
                    Interlocked.Increment(ref _reconnects);
                }
            }
        }
        catch (Exception e)
        {
            error = e;
            throw;
        }
        finally
        {
            session?.Dispose();
            if (State is LiveJobState.Running or LiveJobState.Reconnecting)
            {
                SetState(LiveJobState.Stopping);
            }

            video.TryComplete(error);
            audio.TryComplete(error);
        }
    }

    /// <summary>One connection's demux and decode, forwarding re-based, paced frames and audio into the job's queues.</summary>
    private async Task RunSessionAsync(InputSession session, ChannelWriter<NativeFrame> video, ChannelWriter<MediaPacket> audio, CancellationToken cancellationToken)
    {
        using var scope = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopIntake.Token);
        var packets = StageChannels.Bounded<MediaPacket>(64);
        var sessionAudio = StageChannels.Bounded<MediaPacket>(64);
        var sessionVideo = StageChannels.Bounded<NativeFrame>(2);
        _rebaser!.BeginSession(session.Video.TimeBase);
        var decode = new DecodeStage(session.Decoder, _decodedPool, _metrics, strict: false, _log, CancellationToken.None);
        var group = new StageGroup(scope.Token);
        group.Start(DemuxStage.Name, ct => new DemuxStage(session.Input, session.Video.Index, session.CopiedStreams, _packetPool, _metrics, CancellationToken.None).RunAsync(packets.Writer, sessionAudio.Writer, ct));
        group.Start(DecodeStage.Name, ct => decode.RunAsync(packets.Reader, sessionVideo.Writer, ct));
        group.Start("pace", ct => ForwardVideoAsync(sessionVideo.Reader, video, ct));
        group.Start("audio", ct => ForwardAudioAsync(sessionAudio.Reader, audio, ct));
        try
        {
            await group.WhenAllAsync().ConfigureAwait(false);
        }
        finally
        {
            StageChannels.DrainAndDispose(packets.Reader);
            StageChannels.DrainAndDispose(sessionAudio.Reader);
            StageChannels.DrainAndDispose(sessionVideo.Reader);
        }
    }

    private async Task ForwardVideoAsync(ChannelReader<NativeFrame> input, ChannelWriter<NativeFrame> output, CancellationToken cancellationToken)
    {
        TimestampRebaser rebaser = _rebaser!;
        var pacer = new FramePacer(followSender: IsNetwork(_options.Input));
        await foreach (NativeFrame frame in input.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            long pts = frame.Pts;
            if (!rebaser.TryMapVideo(pts, out long mapped))
            {
                frame.Dispose();
                _metrics.FrameDropped(DecodeStage.Name, "timestamp_back");
                continue;
            }

            try
            {
                if (_options.Pace)
                {
                    TimeSpan wait = pacer.Next(rebaser.SessionSeconds(pts));
                    if (wait > TimeSpan.FromMilliseconds(1))
                    {
                        await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                    }
                }

                frame.Pts = mapped;
                Interlocked.Increment(ref _framesIn);
                await output.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                frame.Dispose();
                throw;
            }
        }
    }

    private async Task ForwardAudioAsync(ChannelReader<MediaPacket> input, ChannelWriter<MediaPacket> output, CancellationToken cancellationToken)
    {
        TimestampRebaser rebaser = _rebaser!;
        await foreach (MediaPacket packet in input.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!rebaser.TryShiftAudio(packet.Pts, _audioTimeBase, out long shift))
            {
                packet.Dispose(); // before the session's first picture, or going back in time
                continue;
            }

            packet.ShiftTimestamps(shift);
            try
            {
                await output.WriteAsync(packet, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                packet.Dispose();
                throw;
            }
        }
    }

    /// <summary>Opens the input, retrying network inputs with exponential backoff; null when stopped meanwhile.</summary>
    private async Task<InputSession?> ConnectAsync(bool firstTime, CancellationToken cancellationToken)
    {
        using var scope = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopIntake.Token);
        TimeSpan delay = _options.ReconnectDelayMin;
        while (true)
        {
            if (!firstTime)
            {
                SetState(LiveJobState.Reconnecting);
            }

            try
            {
                InputSession session = await Task.Run(() => InputSession.Open(_options, scope.Token), CancellationToken.None).ConfigureAwait(false);
                try
                {
                    CheckSession(session);
                }
                catch
                {
                    session.Dispose();
                    throw;
                }

                return session;
            }
            catch (DecodeException) when (_stopIntake.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (DecodeException e) when (!cancellationToken.IsCancellationRequested && _options.Reconnect && IsNetwork(_options.Input))
            {
                Volatile.Write(ref _lastError, e.Message);
            }

            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await Task.Delay(delay, scope.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopIntake.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return null;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectDelayMax.Ticks));
        }
    }

    /// <summary>Limits and consistency across sessions; failures are not retried.</summary>
    private void CheckSession(InputSession session)
    {
        VideoFormat format = session.Decoder.Format;
        if (format.Width <= 0 || format.Height <= 0)
        {
            throw new LiveInputRejectedException($"{_options.Input}: stream {session.Video.Describe()} has no picture size.");
        }

        if ((long)format.Width * format.Height > _options.MaxInputPixels)
        {
            throw new LiveInputRejectedException(
                $"{_options.Input}: the input is {format.Width}x{format.Height}, above this service's input limit of {_options.MaxInputPixels / 1e6:F2} MP.");
        }

        if (InputFormat is { } known && (known.Width != format.Width || known.Height != format.Height))
        {
            throw new LiveInputRejectedException(
                $"{_options.Input}: the input came back at {format.Width}x{format.Height} after a reconnect (it was {known.Width}x{known.Height}); start a new job for the new size.");
        }

        if (_audioOutputIndex >= 0 && !_options.NoAudio)
        {
            MediaStream? sound = session.Input.Streams.FirstOrDefault(s => s.Kind == MediaKind.Audio && s.TimeBase == _audioTimeBase);
            if (sound is not null)
            {
                session.CopiedStreams[sound.Index] = _audioOutputIndex;
            }
        }
    }

    private void AddAudio(PacketMuxer muxer, InputSession session)
    {
        if (_options.NoAudio || muxer.IsImage)
        {
            return;
        }

        MediaStream? sound = session.Input.Streams.FirstOrDefault(s => s.Kind == MediaKind.Audio);
        if (sound is null)
        {
            return;
        }

        if (!muxer.CanCopy(sound, out string reason))
        {
            _log?.Invoke($"{_options.Output}: {reason}; the output has no sound.");
            return;
        }

        _audioOutputIndex = muxer.AddCopiedStream(sound);
        _audioTimeBase = sound.TimeBase;
        session.CopiedStreams[sound.Index] = _audioOutputIndex;
    }

    private EncoderSettings LiveEncoderSettings(PacketMuxer muxer, VideoFormat format)
    {
        EncoderSettings settings = _options.Encoder;
        string codec = settings.Codec ?? DefaultCodecs.VideoCodecFor(muxer.FormatName, _options.Output);
        var options = new Dictionary<string, string>(settings.Options, StringComparer.Ordinal);
        double fps = format.FramesPerSecond > 0 ? format.FramesPerSecond : 25;
        options.TryAdd("g", Math.Max(1, (int)Math.Round(fps * 2)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        string? preset = settings.Preset;
        if (codec is "libx264" or "libx265")
        {
            options.TryAdd("tune", "zerolatency");
            preset ??= "veryfast";
        }

        return settings with { Codec = codec, Preset = preset, Options = options };
    }

    private void DropFrame(RgbFrame frame)
    {
        frame.Dispose();
        Interlocked.Increment(ref _framesDropped);
        _metrics.FrameDropped(InferStage.Name, "overload");
    }

    private void SetState(LiveJobState state) => Volatile.Write(ref _state, (int)state);

    internal static bool IsNetwork(string input) =>
        input.Contains("://", StringComparison.Ordinal) && !input.StartsWith("file:", StringComparison.OrdinalIgnoreCase);

    private static bool IsFile(string output) => !output.Contains("://", StringComparison.Ordinal);
}
