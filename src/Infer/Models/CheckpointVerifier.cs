namespace BsrnVideo.Infer.Models;

/// <summary>Checks a local checkpoint file against its catalogue SHA-256.</summary>
internal static class CheckpointVerifier
{
    /// <summary>Returns the file's SHA-256, or throws naming the file and both hashes.</summary>
    public static async Task<string> VerifyAsync(string path, ModelInfo model, string whatToDo, CancellationToken cancellationToken)
    {
        string actual;
        try
        {
            actual = await FileHash.Sha256Async(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InferenceException($"Could not read checkpoint {path}: {e.Message}", e);
        }

        if (!string.Equals(actual, model.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InferenceException(MismatchMessage(path, model, actual) + " " + whatToDo);
        }

        return actual;
    }

    public static string MismatchMessage(string file, ModelInfo model, string actual) =>
        $"Checkpoint {file} is not the published {model.Name} file {model.FileName}: " +
        $"SHA-256 expected {model.Sha256}, actual {actual}.";
}
