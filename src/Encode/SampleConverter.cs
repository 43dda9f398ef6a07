using BsrnVideo.FFmpeg.Native;

namespace BsrnVideo.Encode;

/// <summary>Decoded audio samples of any common format, packed or planar, to planar float in [-1, 1].</summary>
internal static unsafe class SampleConverter
{
    // AVSampleFormat: 0 u8, 1 s16, 2 s32, 3 flt, 4 dbl, 5..9 their planar twins, 10 s64, 11 s64p.
    public static void ToPlanarFloat(AVFrame* frame, int channels, int samples, float[][] planes)
    {
        int format = frame->format;
        bool planar = format is (>= 5 and <= 9) or 11;
        int kind = format switch
        {
            < 5 => format,
            <= 9 => format - 5,
            _ => 10,
        };
        int bytes = kind switch
        {
            0 => 1,
            1 => 2,
            2 or 3 => 4,
            _ => 8,
        };

        for (int c = 0; c < channels; c++)
        {
            float[] plane = planes[c];
            int step = planar ? bytes : bytes * channels;
            byte* p = planar ? frame->extended_data[c] : frame->extended_data[0] + (c * bytes);
            for (int i = 0; i < samples; i++, p += step)
            {
                plane[i] = kind switch
                {
                    0 => (*p - 128) / 128f,
                    1 => *(short*)p / 32768f,
                    2 => *(int*)p / 2147483648f,
                    3 => *(float*)p,
                    4 => (float)*(double*)p,
                    _ => (float)(*(long*)p / 9.223372036854775808e18),
                };
            }
        }
    }
}
