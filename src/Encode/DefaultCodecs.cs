namespace BsrnVideo.Encode;

/// <summary>The video encoder used when the user names none: what a user of the ffmpeg CLI would expect per container.</summary>
public static class DefaultCodecs
{
    public static string VideoCodecFor(string muxerName, string outputName)
    {
        ArgumentNullException.ThrowIfNull(outputName);
        if (muxerName is "image2")
        {
            return Path.GetExtension(outputName).ToLowerInvariant() switch
            {
                ".jpg" or ".jpeg" => "mjpeg",
                ".bmp" => "bmp",
                ".tif" or ".tiff" => "tiff",
                ".webp" => "libwebp",
                _ => "png",
            };
        }

        return muxerName switch
        {
            "webm" => "libvpx-vp9",
            "apng" => "apng",
            "gif" => "gif",
            _ => "libx264",
        };
    }
}
