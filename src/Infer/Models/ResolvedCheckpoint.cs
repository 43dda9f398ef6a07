namespace BsrnVideo.Infer.Models;

/// <summary>A checkpoint file ready to load.</summary>
/// <param name="Model">The catalogue entry asked for.</param>
/// <param name="Path">Full path of the file.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file as read (key for <see cref="OnnxModelCache"/>).</param>
/// <param name="Source">Where it was found.</param>
public sealed record ResolvedCheckpoint(ModelInfo Model, string Path, string Sha256, CheckpointSource Source)
{
    /// <summary>False only for a user's own checkpoint given with <c>--checkpoint</c> (not a catalogue file).</summary>
    public bool IsCatalogueFile => string.Equals(Sha256, Model.Sha256, StringComparison.OrdinalIgnoreCase);
}
