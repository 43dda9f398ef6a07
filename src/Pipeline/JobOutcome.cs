namespace BsrnVideo.Pipeline;

/// <summary>How a job ended when it did not fail.</summary>
public enum JobOutcome
{
    /// <summary>Every frame was upscaled and the output is in place.</summary>
    Completed,

    /// <summary>Stopped on request; what was finished is kept beside the target (or nothing, if no frame was).</summary>
    Interrupted,
}
