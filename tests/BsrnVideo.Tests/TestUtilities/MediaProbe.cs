using System.Globalization;
using System.Text.Json;

namespace BsrnVideo.Tests.TestUtilities;

/// <summary>
/// What a media file holds, as the ffprobe CLI reports it (JSON): streams with colour tags and rotation, each
/// frame's timestamp, each packet's timing and MD5. Deliberately not our own FFmpeg layer: the product's output is
/// judged by an independent reader.
/// </summary>
internal static class MediaProbe
{
    public static IReadOnlyList<ProbeStream> Streams(string path)
    {
        using JsonDocument json = Probe(path, "-show_streams");
        var streams = new List<ProbeStream>();
        foreach (JsonElement s in Array(json.RootElement, "streams"))
        {
            streams.Add(new ProbeStream(
                Index: s.GetProperty("index").GetInt32(),
                Kind: String(s, "codec_type") ?? "unknown",
                CodecName: String(s, "codec_name") ?? "unknown",
                Profile: String(s, "profile"),
                Width: Int(s, "width"),
                Height: Int(s, "height"),
                PixelFormat: String(s, "pix_fmt"),
                BitsPerRawSample: int.TryParse(String(s, "bits_per_raw_sample"), CultureInfo.InvariantCulture, out int bits) ? bits : 0,
                TimeBase: ProbeRational.Parse(String(s, "time_base") ?? "0/1"),
                ColorPrimaries: String(s, "color_primaries"),
                ColorTransfer: String(s, "color_transfer"),
                ColorSpace: String(s, "color_space"),
                ColorRange: String(s, "color_range"),
                Rotation: Rotation(s),
                Tags: Tags(s)));
        }

        return streams;
    }

    /// <summary>The container's metadata (title, comment, ...), keys in lower case.</summary>
    public static IReadOnlyDictionary<string, string> FormatTags(string path)
    {
        using JsonDocument json = Probe(path, "-show_format");
        return Tags(json.RootElement.GetProperty("format"));
    }

    /// <summary>The first video stream.</summary>
    public static ProbeStream Video(string path) =>
        Streams(path).FirstOrDefault(s => s.Kind == "video") ?? throw new InvalidOperationException($"{path} has no video stream.");

    /// <summary>Every decoded frame's best-effort timestamp, in presentation order, in the stream's time base.</summary>
    public static IReadOnlyList<long> FrameTimestamps(string path, int streamIndex)
    {
        using JsonDocument json = Probe(
            path, "-select_streams", streamIndex.ToString(CultureInfo.InvariantCulture), "-show_entries", "frame=best_effort_timestamp");
        return [.. Array(json.RootElement, "frames").Select(f => f.GetProperty("best_effort_timestamp").GetInt64())];
    }

    /// <summary>Every packet of one stream in file order, with its timing (stream time base) and the MD5 of its data.</summary>
    public static IReadOnlyList<ProbePacket> Packets(string path, int streamIndex)
    {
        using JsonDocument json = Probe(
            path, "-select_streams", streamIndex.ToString(CultureInfo.InvariantCulture),
            "-show_entries", "packet=pts,dts,duration,size,pos,data_hash", "-show_data_hash", "md5");
        return [.. Array(json.RootElement, "packets").Select(p => new ProbePacket(
            Long(p, "pts"), Long(p, "dts"), Long(p, "duration"), Int(p, "size"), Long(p, "pos"), String(p, "data_hash") ?? string.Empty))];
    }

    private static JsonDocument Probe(string path, params string[] arguments) =>
        JsonDocument.Parse(ExternalTool.Run("ffprobe", ["-v", "error", "-of", "json", .. arguments, path]));

    private static JsonElement[] Array(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement array) ? [.. array.EnumerateArray()] : [];

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;

    private static int Int(JsonElement e, string name) =>
        int.TryParse(String(e, name), CultureInfo.InvariantCulture, out int value) ? value : 0;

    private static long? Long(JsonElement e, string name) =>
        long.TryParse(String(e, name), CultureInfo.InvariantCulture, out long value) ? value : null;

    private static Dictionary<string, string> Tags(JsonElement owner)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (owner.TryGetProperty("tags", out JsonElement element))
        {
            foreach (JsonProperty tag in element.EnumerateObject())
            {
                tags[tag.Name.ToLowerInvariant()] = tag.Value.GetString() ?? string.Empty;
            }
        }

        return tags;
    }

    private static double? Rotation(JsonElement stream)
    {
        foreach (JsonElement side in Array(stream, "side_data_list"))
        {
            if (side.TryGetProperty("rotation", out JsonElement rotation))
            {
                return rotation.GetDouble();
            }
        }

        return null;
    }
}

/// <summary>One stream as ffprobe describes it; colour fields use ffprobe's names (bt709, bt2020nc, tv, pc), null when unset.</summary>
internal sealed record ProbeStream(
    int Index,
    string Kind,
    string CodecName,
    string? Profile,
    int Width,
    int Height,
    string? PixelFormat,
    int BitsPerRawSample,
    ProbeRational TimeBase,
    string? ColorPrimaries,
    string? ColorTransfer,
    string? ColorSpace,
    string? ColorRange,
    double? Rotation,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>One packet: timing in its stream's time base (null when absent), size, byte offset in the file and the MD5 of its payload.</summary>
internal sealed record ProbePacket(long? Pts, long? Dts, long? Duration, int Size, long? Position, string Md5);

internal readonly record struct ProbeRational(long Num, long Den)
{
    public static ProbeRational Parse(string text)
    {
        string[] parts = text.Split('/');
        return new ProbeRational(long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    /// <summary><paramref name="ticks"/> of this time base in time base <paramref name="to"/>, rounded to nearest (half away from zero), as av_rescale_q.</summary>
    public long Rescale(long ticks, ProbeRational to)
    {
        Int128 numerator = (Int128)ticks * Num * to.Den;
        Int128 denominator = (Int128)Den * to.Num;
        Int128 half = denominator / 2;
        return (long)(numerator >= 0 ? (numerator + half) / denominator : -((-numerator + half) / denominator));
    }

    public double Seconds(long ticks) => (double)ticks * Num / Den;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Num}/{Den}");
}
