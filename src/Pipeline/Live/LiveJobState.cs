namespace BsrnVideo.Pipeline.Live;

/// <summary>Where a live job is in its life. Serialized in lower case by the service.</summary>
public enum LiveJobState
{
    /// <summary>Opening the input for the first time.</summary>
    Starting,

    /// <summary>Frames flow.</summary>
    Running,

    /// <summary>The input dropped; reopening it with backoff. The output stays open.</summary>
    Reconnecting,

    /// <summary>Intake stopped; the encoder and muxer are draining.</summary>
    Stopping,

    /// <summary>The input ended (files) and the output was finalised.</summary>
    Completed,

    /// <summary>Stopped on request; the output was finalised.</summary>
    Stopped,

    /// <summary>Ended with an error (see the job's last error).</summary>
    Failed,
}
