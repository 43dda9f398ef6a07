using System.Runtime.InteropServices;

#pragma warning disable SA1300, IDE1006 // FFmpeg's own C names, so they grep against its documentation.

namespace BsrnVideo.FFmpeg.Native;

internal static unsafe partial class LibSwScale
{
    private const string Lib = "swscale";

    [LibraryImport(Lib)]
    public static partial uint swscale_version();

    [LibraryImport(Lib)]
    public static partial SwsContext* sws_getContext(int srcW, int srcH, AVPixelFormat srcFormat, int dstW, int dstH, AVPixelFormat dstFormat, int flags, void* srcFilter, void* dstFilter, double* param);

    [LibraryImport(Lib)]
    public static partial void sws_freeContext(SwsContext* swsContext);

    [LibraryImport(Lib)]
    public static partial int sws_scale(SwsContext* c, byte** srcSlice, int* srcStride, int srcSliceY, int srcSliceH, byte** dst, int* dstStride);

    [LibraryImport(Lib)]
    public static partial int* sws_getCoefficients(int colorspace);

    [LibraryImport(Lib)]
    public static partial int sws_setColorspaceDetails(SwsContext* c, int* inv_table, int srcRange, int* table, int dstRange, int brightness, int contrast, int saturation);
}
