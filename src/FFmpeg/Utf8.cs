using System.Runtime.InteropServices;

namespace BsrnVideo.FFmpeg;

internal static unsafe class Utf8
{
    /// <summary>A NUL-terminated C string as a .NET string ("" for NULL).</summary>
    public static string From(byte* text) => text is null ? string.Empty : Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;
}
