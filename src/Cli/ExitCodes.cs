using BsrnVideo.Decode;
using BsrnVideo.Encode;
using BsrnVideo.FFmpeg;
using BsrnVideo.Infer;
using BsrnVideo.Pipeline;

namespace BsrnVideo.Cli;

/// <summary>The one place that maps an outcome to the process exit code and the line the user reads.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int RuntimeError = 1;
    public const int UsageError = 2;
    public const int Interrupted = 130;

    /// <summary>
    /// Prints the error (one line; a usage error adds the help line, as the parser's own errors do; the stack only
    /// when verbose) and returns the exit code for it.
    /// </summary>
    public static int Report(Exception exception, bool verbose, TextWriter error, string command = "bsrn-video")
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(error);
        (int code, string line) = exception switch
        {
            UsageException => (UsageError, $"error: {exception.Message}"),
            OperationCanceledException => (Interrupted, "interrupted."),
            DecodeException or EncodeException or InferenceException or PipelineException or FFmpegUnavailableException
                => (RuntimeError, $"error: {exception.Message}"),
            IOException or UnauthorizedAccessException => (RuntimeError, $"error: {exception.Message}"),
            _ => (RuntimeError, $"unexpected error: {exception.GetType().Name}: {exception.Message}"),
        };
        error.WriteLine(line);
        if (exception is UsageException)
        {
            error.WriteLine(HelpLine(command));
        }

        if (verbose)
        {
            error.WriteLine(exception.ToString());
        }

        return code;
    }

    /// <summary>The line under every usage error.</summary>
    public static string HelpLine(string command) => $"Run '{command} --help' for usage.";
}
