namespace BsrnVideo.Pipeline;

/// <summary>The last N durations of a stage in a fixed ring (no allocation per record), for percentile summaries.</summary>
internal sealed class LatencySample
{
    private readonly double[] _values;
    private readonly Lock _gate = new();
    private long _count;

    public LatencySample(int capacity)
    {
        _values = new double[capacity];
    }

    public void Add(double seconds)
    {
        lock (_gate)
        {
            _values[(int)(_count % _values.Length)] = seconds;
            _count++;
        }
    }

    public (double P50, double P95, long Count)? Percentiles()
    {
        double[] copy;
        long count;
        lock (_gate)
        {
            count = _count;
            copy = _values[..(int)Math.Min(count, _values.Length)];
        }

        if (copy.Length == 0)
        {
            return null;
        }

        Array.Sort(copy);
        return (At(copy, 0.50), At(copy, 0.95), count);
    }

    /// <summary>p50/p95/p99 of the recent values; null when empty.</summary>
    public (double P50, double P95, double P99, long Count)? Quantiles()
    {
        double[] copy;
        long count;
        lock (_gate)
        {
            count = _count;
            copy = _values[..(int)Math.Min(count, _values.Length)];
        }

        if (copy.Length == 0)
        {
            return null;
        }

        Array.Sort(copy);
        return (At(copy, 0.50), At(copy, 0.95), At(copy, 0.99), count);
    }

    private static double At(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
