using System.Diagnostics;

namespace BsrnVideo.Service.Jobs;

/// <summary>A count's rate per second over the last few seconds, from samples taken about once a second.</summary>
internal sealed class RateMeter
{
    private const int Slots = 6;
    private readonly (long Timestamp, long Count)[] _samples = new (long, long)[Slots];
    private readonly Lock _gate = new();
    private int _next;
    private int _filled;

    public void Sample(long count)
    {
        lock (_gate)
        {
            _samples[_next] = (Stopwatch.GetTimestamp(), count);
            _next = (_next + 1) % Slots;
            _filled = Math.Min(_filled + 1, Slots);
        }
    }

    /// <summary>Per second between the oldest and newest sample; 0 with fewer than two samples.</summary>
    public double PerSecond()
    {
        lock (_gate)
        {
            if (_filled < 2)
            {
                return 0;
            }

            var newest = _samples[(_next - 1 + Slots) % Slots];
            var oldest = _samples[_filled < Slots ? 0 : _next];
            double seconds = Stopwatch.GetElapsedTime(oldest.Timestamp, newest.Timestamp).TotalSeconds;
            return seconds <= 0 ? 0 : (newest.Count - oldest.Count) / seconds;
        }
    }
}
