namespace BsrnVideo.Pipeline.Live;

/// <summary>
/// Keeps a live job's output timestamps monotonic across input sessions: the first video frame of the first session
/// maps to 0, the first frame of each later session (after a reconnect, whose clock starts anywhere) to one frame
/// after the last frame written. Audio moves by the same amount of time. Video time is in the output time base
/// (the first session's video stream's).
/// </summary>
internal sealed class TimestampRebaser
{
    private readonly (int Num, int Den) _outputTimeBase;
    private readonly long _defaultFrameDuration;
    private long _sessionFirstPts = long.MinValue;
    private long _sessionBase;
    private (int Num, int Den) _sessionTimeBase;
    private long _lastVideo = long.MinValue;
    private long _lastAudio = long.MinValue;
    private long _audioShift;
    private bool _audioShiftKnown;
    private readonly Lock _gate = new();

    public TimestampRebaser((int Num, int Den) outputTimeBase, double framesPerSecond)
    {
        _outputTimeBase = outputTimeBase;
        _defaultFrameDuration = Math.Max(1, (long)Math.Round(outputTimeBase.Den / (outputTimeBase.Num * Math.Max(framesPerSecond, 1))));
    }

    /// <summary>Starts a new input session whose video stream has <paramref name="videoTimeBase"/>.</summary>
    public void BeginSession((int Num, int Den) videoTimeBase)
    {
        lock (_gate)
        {
            BeginSessionCore(videoTimeBase);
        }
    }

    private void BeginSessionCore((int Num, int Den) videoTimeBase)
    {
        _sessionTimeBase = videoTimeBase;
        _sessionFirstPts = long.MinValue;
        _audioShiftKnown = false;
    }

    /// <summary>Video time since the session's first frame, in seconds (for pacing); 0 for the first frame.</summary>
    public double SessionSeconds(long pts)
    {
        lock (_gate)
        {
            return SessionSecondsCore(pts);
        }
    }

    private double SessionSecondsCore(long pts) =>
        _sessionFirstPts == long.MinValue || pts == long.MinValue ? 0 : (pts - _sessionFirstPts) * (double)_sessionTimeBase.Num / _sessionTimeBase.Den;

    /// <summary>
    /// The output pts for a video frame whose input pts is <paramref name="pts"/>; false when the frame cannot be
    /// placed after the last one (a timestamp going back), and should be dropped.
    /// </summary>
    public bool TryMapVideo(long pts, out long mapped)
    {
        lock (_gate)
        {
            return TryMapVideoCore(pts, out mapped);
        }
    }

    private bool TryMapVideoCore(long pts, out long mapped)
    {
        if (pts == long.MinValue)
        {
            // No timestamp: one frame after the last.
            mapped = _lastVideo == long.MinValue ? 0 : _lastVideo + _defaultFrameDuration;
            _lastVideo = mapped;
            return true;
        }

        if (_sessionFirstPts == long.MinValue)
        {
            _sessionFirstPts = pts;
            _sessionBase = _lastVideo == long.MinValue ? 0 : _lastVideo + _defaultFrameDuration;
        }

        mapped = _sessionBase + Rescale(pts - _sessionFirstPts, _sessionTimeBase, _outputTimeBase);
        if (_lastVideo != long.MinValue && mapped <= _lastVideo)
        {
            return false;
        }

        _lastVideo = mapped;
        return true;
    }

    /// <summary>
    /// How far to move an audio packet (in <paramref name="audioTimeBase"/> units) with input pts <paramref name="pts"/>;
    /// false before the session's first video frame or when it would go back in time (drop the packet).
    /// </summary>
    public bool TryShiftAudio(long pts, (int Num, int Den) audioTimeBase, out long shift)
    {
        lock (_gate)
        {
            return TryShiftAudioCore(pts, audioTimeBase, out shift);
        }
    }

    private bool TryShiftAudioCore(long pts, (int Num, int Den) audioTimeBase, out long shift)
    {
        shift = 0;
        if (_sessionFirstPts == long.MinValue || pts == long.MinValue)
        {
            return false;
        }

        if (!_audioShiftKnown)
        {
            // Same move in time as the video: session base minus the session's first video pts, in seconds.
            double seconds = (_sessionBase * (double)_outputTimeBase.Num / _outputTimeBase.Den)
                - (_sessionFirstPts * (double)_sessionTimeBase.Num / _sessionTimeBase.Den);
            _audioShift = (long)Math.Round(seconds * audioTimeBase.Den / audioTimeBase.Num);
            _audioShiftKnown = true;
        }

        long moved = pts + _audioShift;
        if (moved < 0 || (_lastAudio != long.MinValue && moved <= _lastAudio))
        {
            return false;
        }

        _lastAudio = moved;
        shift = _audioShift;
        return true;
    }

    internal static long Rescale(long value, (int Num, int Den) from, (int Num, int Den) to) =>
        from == to ? value : (long)Math.Round((double)value * from.Num * to.Den / ((double)from.Den * to.Num));
}
