namespace BsrnVideo.Encode;

/// <summary>The scheduling priority an encoder's worker threads get (see <see cref="LowPriorityThread"/>).</summary>
public enum EncoderThreadPriority
{
    /// <summary>As the rest of the process.</summary>
    Normal,

    /// <summary>Nice 10: still a fair share of a busy CPU (live streams, where the encoder must keep pace).</summary>
    Low,

    /// <summary>
    /// Linux <c>SCHED_IDLE</c>: runs only in the time the process's normal threads leave (file jobs, where the
    /// encoder trails behind inference and bounded queues hold the network back if it falls too far behind).
    /// </summary>
    Idle,
}
