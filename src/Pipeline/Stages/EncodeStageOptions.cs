namespace BsrnVideo.Pipeline.Stages;

/// <summary>How <see cref="EncodeStage"/> meets damage and a graceful stop.</summary>
internal sealed record EncodeStageOptions
{
    /// <summary>The input stream, for messages: "in.mp4: stream #0 (h264)".</summary>
    public required string Source { get; init; }

    /// <summary>Stop at a picture whose timestamp goes backwards instead of dropping it.</summary>
    public bool Strict { get; init; }

    public Action<string>? Warn { get; init; }

    /// <summary>How long a graceful stop may spend flushing the encoder.</summary>
    public TimeSpan StopBudget { get; init; } = TimeSpan.FromSeconds(0.8);
}
