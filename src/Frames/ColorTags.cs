namespace BsrnVideo.Frames;

/// <summary>
/// A video stream's colour description, with FFmpeg's enum values (AVColorPrimaries, AVColorTransferCharacteristic,
/// AVColorSpace, AVColorRange; 2 = unspecified for the first three, 0 for range). Carried from input to output.
/// </summary>
public readonly record struct ColorTags(int Primaries, int Transfer, int Matrix, int Range)
{
    public static ColorTags Unspecified => new(2, 2, 2, 0);

    public bool IsFullRange => Range == 2;
}
