using System.Diagnostics.CodeAnalysis;
using System.Text;
using BsrnVideo.FFmpeg.Native;

namespace BsrnVideo.FFmpeg;

/// <summary>Turns FFmpeg's int results into <see cref="AvStatus"/> values or <see cref="AvException"/>s.</summary>
internal static unsafe class AvResult
{
    public static int ThrowIfError(int result, string operation)
    {
        if (result < 0)
        {
            Throw(result, operation);
        }

        return result;
    }

    /// <summary>EAGAIN and EOF become statuses; other negative codes throw.</summary>
    public static AvStatus ToStatus(int result, string operation) => result switch
    {
        >= 0 => AvStatus.Ok,
        AvConstants.AVERROR_EAGAIN => AvStatus.TryAgain,
        AvConstants.AVERROR_EOF => AvStatus.EndOfFile,
        _ => Throw<AvStatus>(result, operation),
    };

    public static string ErrorText(int error)
    {
        LibAvLoader.EnsureCompatible();
        byte* buffer = stackalloc byte[256];
        if (LibAvUtil.av_strerror(error, buffer, 256) < 0)
        {
            return $"error {error}";
        }

        return Encoding.UTF8.GetString(new ReadOnlySpan<byte>(buffer, 256).TrimEnd((byte)0)).Split('\0')[0];
    }

    [DoesNotReturn]
    public static void Throw(int result, string operation) =>
        throw new AvException(result, operation, ErrorText(result));

    [DoesNotReturn]
    private static T Throw<T>(int result, string operation) =>
        throw new AvException(result, operation, ErrorText(result));
}
