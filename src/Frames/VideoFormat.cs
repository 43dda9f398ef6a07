namespace BsrnVideo.Frames;

/// <summary>What the decoder knows of the video stream, handed to the encoder so the output mirrors the input.</summary>
public sealed record VideoFormat
{
    public required int Width { get; init; }

    public required int Height { get; init; }

    /// <summary>Source pixel format name as FFmpeg spells it (yuv420p, yuv420p10le, rgb24, ...).</summary>
    public required string PixelFormat { get; init; }

    /// <summary>Bits per component of the source (8, 10, 12, 16).</summary>
    public required int BitDepth { get; init; }

    public required bool IsRgb { get; init; }

    public required ColorTags Color { get; init; }

    /// <summary>Stream time base as (numerator, denominator).</summary>
    public required (int Num, int Den) TimeBase { get; init; }

    /// <summary>Average frame rate as (numerator, denominator), (0, 1) when unknown.</summary>
    public required (int Num, int Den) FrameRate { get; init; }

    /// <summary>Sample aspect ratio as (numerator, denominator), (0, 1) when unknown.</summary>
    public required (int Num, int Den) SampleAspectRatio { get; init; }

    public double FramesPerSecond => FrameRate.Den == 0 ? 0 : (double)FrameRate.Num / FrameRate.Den;
}
