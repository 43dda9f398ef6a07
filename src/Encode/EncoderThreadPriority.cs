namespace BsrnVideo.Encode;

/// <summary>The scheduling priority an encoder's worker threads get (see <see cref="LowPriorityThread"/>).</summary>
public enum EncoderThreadPriority
{
    /// <summary>As the rest of the process.</summary>
    Normal,

    /// <summary>Nice 10: yields to inference but still gets a fair share of a CPU other programs keep busy (the default).</summary>
    Low,

    /// <summary>
    /// Linux <c>SCHED_IDLE</c>: runs only when nothing else on the machine wants the CPU. Bounded queues hold the
    /// network back if the encoder falls behind, so a job that has the machine to itself hides its encoder best;
    /// with other busy programs the encoder all but stops (measured 7x slower with two CPU-bound loops running).
    /// </summary>
    Idle,
}
