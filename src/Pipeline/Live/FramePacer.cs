using System.Diagnostics;

namespace BsrnVideo.Pipeline.Live;

/// <summary>
/// Releases frames by their timestamps. A file (or any input read faster than real time) plays against a wall
/// clock started at its first frame. A network sender paces itself, and anchoring to its first frame would keep
/// whatever delay that frame had (decoder start-up, reordering) for good; so for those the pacer only limits
/// the release rate: a burst goes out at no more than 1/<see cref="CatchUp"/> times real-time speed, which spreads it out and
/// then drains any backlog, leaving no standing delay.
/// </summary>
internal sealed class FramePacer
{
    /// <summary>A burst from a live sender is released at this fraction of its frame interval.</summary>
    public const double CatchUp = 0.5;

    private readonly bool _followSender;
    private readonly TimeProvider _time;
    private long _clockStart;
    private double _clockOffset;
    private double _lastDue = double.NaN;
    private double _lastRelease;

    public FramePacer(bool followSender, TimeProvider? time = null)
    {
        _followSender = followSender;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How long to wait before releasing a frame due <paramref name="due"/> seconds into the session.</summary>
    public TimeSpan Next(double due)
    {
        if (_clockStart == 0)
        {
            _clockStart = _time.GetTimestamp();
        }

        double now = _time.GetElapsedTime(_clockStart).TotalSeconds;
        double release;
        if (_followSender)
        {
            double interval = double.IsNaN(_lastDue) ? 0 : due - _lastDue;
            release = interval is > 0 and < 1 ? Math.Max(now, _lastRelease + (interval * CatchUp)) : now;
        }
        else
        {
            double target = due - _clockOffset;
            double ahead = target - now;
            if (ahead is > 2 or < -1)
            {
                // A jump in the timestamps, or we fell far behind: start the clock again from here, no burst.
                _clockOffset += ahead;
                target = now;
            }

            release = Math.Max(now, target);
        }

        _lastDue = due;
        _lastRelease = release;
        return TimeSpan.FromSeconds(release - now);
    }
}
