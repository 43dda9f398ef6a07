namespace BsrnVideo.Infer.Models;

/// <summary>Where <see cref="ModelStore"/> found a checkpoint, in the order it looks.</summary>
public enum CheckpointSource
{
    /// <summary>The path the user gave (<c>--checkpoint</c>).</summary>
    Explicit,

    /// <summary>The folder named by <c>BSRN_VIDEO_MODELS</c>.</summary>
    ModelsDirectory,

    /// <summary>The user cache, from an earlier download.</summary>
    Cache,

    /// <summary>Downloaded just now into the user cache.</summary>
    Download,
}
