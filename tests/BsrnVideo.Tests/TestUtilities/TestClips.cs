using System.Collections.Concurrent;
using System.Globalization;

namespace BsrnVideo.Tests.TestUtilities;

/// <summary>
/// Small input clips made by the ffmpeg CLI inside the test run: cuts of the shared 720p and 640x272 clips scaled
/// down to 160x90 and 128x54, and synthetic ones (odd sizes, 10-bit, variable frame rate, colour tags, subtitles,
/// rotation). Each clip is made once per test process, on first use, into one temp folder deleted at exit.
/// Callers must not write to the returned paths (copy a clip first when a test needs to modify or overwrite it).
/// </summary>
internal static class TestClips
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> s_made = new(StringComparer.Ordinal);
    private static readonly Lazy<string> s_folder = new(CreateFolder);

    /// <summary>Big Buck Bunny, 1.2 s (about 29 frames at 24 fps) from 0:02, 160x90 H.264 with B-frames, its AAC track copied as is.</summary>
    public static string BigBuckBunny160x90 => Make("bbb-160x90-aac.mp4", output => Ffmpeg(
        "-ss", "2", "-t", "1.2", "-i", SharedAssets.Video("bigbuckbunny.mp4"),
        "-vf", "scale=160:90", "-c:v", "libx264", "-preset", "veryfast", "-crf", "26", "-c:a", "copy", output));

    /// <summary>Big Buck Bunny, its first 6 s at most (the source is 5.3 s), 160x90 at 25 fps, a keyframe a second, 48 kHz stereo AAC: what the live-stream tests push.</summary>
    public static string BigBuckBunnyLive160x90 => Make("bbb-live-160x90.mp4", output => Ffmpeg(
        "-i", SharedAssets.Video("bigbuckbunny.mp4"), "-t", "6",
        "-vf", "scale=160:90,fps=25", "-c:v", "libx264", "-preset", "veryfast", "-g", "25",
        "-c:a", "aac", "-b:a", "64k", "-ar", "48000", "-ac", "2", output));

    /// <summary>Bikes, 1 s (25 frames), 128x54 H.264, no audio.</summary>
    public static string Bikes128x54 => Make("bikes-128x54.mp4", output => Ffmpeg(
        "-t", "1", "-i", SharedAssets.Video("bikes.mp4"),
        "-vf", "scale=128:54", "-c:v", "libx264", "-preset", "veryfast", "-crf", "26", "-an", output));

    /// <summary>65x37 (odd both ways; 4:4:4 because 4:2:0 H.264 needs even sizes), 25 frames at 25 fps, with a 440 Hz AAC track.</summary>
    public static string Odd65x37WithAudio => Make("odd-65x37-aac.mp4", output => Ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=65x37:rate=25:duration=1", "-f", "lavfi", "-i", "sine=frequency=440:duration=1",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv444p", "-c:a", "aac", "-shortest", output));

    /// <summary>65x37 4:2:0 in FFV1 (Matroska), 10 frames, no audio: an odd-sized input with subsampled chroma.</summary>
    public static string Odd65x37Yuv420 => Make("odd-65x37-yuv420p.mkv", output => Ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=65x37:rate=25:duration=0.4", "-pix_fmt", "yuv420p", "-c:v", "ffv1", output));

    /// <summary>96x54 10-bit 4:2:0 H.264 (High 10), 25 frames.</summary>
    public static string TenBitH264 => Make("10bit-96x54-h264.mp4", output => Ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=size=96x54:rate=25:duration=1",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le", "-profile:v", "high10", output));

    /// <summary>96x54 10-bit 4:2:0 HEVC in Matroska, 25 frames.</summary>
    public static string TenBitHevc => Make("10bit-96x54-hevc.mkv", output => Ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=size=96x54:rate=25:duration=1",
        "-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le", "-x265-params", "log-level=none", output));

    /// <summary>
    /// 80x48, 30 frames with irregular gaps (40 ms steps, every third frame 15 ms late, growing by 1.4 ms a frame:
    /// no two steps alike), millisecond time base, with an AAC track.
    /// </summary>
    public static string VariableFrameRate => Make("vfr-80x48-aac.mp4", output => Ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=size=80x48:rate=25:duration=1.2", "-f", "lavfi", "-i", "sine=frequency=330:duration=1.8",
        "-vf", @"settb=1/1000,setpts='(N*0.04+if(eq(mod(N\,3)\,2)\,0.015\,0)+N*N*0.0007)/TB'",
        "-fps_mode", "vfr", "-enc_time_base", "1/1000", "-video_track_timescale", "1000",
        "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", output));

    /// <summary>96x54 H.264, 10 frames, tagged with the given colour primaries, transfer, matrix and range (ffmpeg's names).</summary>
    public static string Tagged(string primaries, string transfer, string matrix, string range) => Make(
        string.Create(CultureInfo.InvariantCulture, $"tagged-{primaries}-{transfer}-{matrix}-{range}.mp4"),
        output => Ffmpeg(
            "-f", "lavfi", "-i", "testsrc2=size=96x54:rate=25:duration=0.4",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-color_primaries", primaries, "-color_trc", transfer, "-colorspace", matrix, "-color_range", range, output));

    /// <summary>
    /// 96x54 H.264, 5 frames of one flat colour (0xB03060) in <paramref name="pixelFormat"/>, tagged as given (null:
    /// untagged). The same YUV samples mean a different RGB colour under each tag set.
    /// </summary>
    public static string SolidColour(string pixelFormat, string? primaries, string? transfer, string? matrix, string? range) => Make(
        string.Create(CultureInfo.InvariantCulture, $"solid-{pixelFormat}-{primaries ?? "untagged"}-{transfer}-{matrix}-{range}.mp4"),
        output => Ffmpeg([
            "-f", "lavfi", "-i", "color=c=0xB03060:size=96x54:rate=25:duration=0.2",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", pixelFormat,
            .. primaries is null ? Array.Empty<string>() : ["-color_primaries", primaries, "-color_trc", transfer!, "-colorspace", matrix!, "-color_range", range!],
            output]));

    /// <summary>Matroska: 96x54 H.264 (10 frames) with a container title and comment, an English Opus track titled "commentary".</summary>
    public static string WithMetadata => Make("metadata-96x54.mkv", output => Ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=size=96x54:rate=25:duration=0.4", "-f", "lavfi", "-i", "sine=duration=0.4",
        "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "libopus",
        "-metadata", "title=Test clip", "-metadata", "comment=made by TestClips",
        "-metadata:s:a:0", "language=eng", "-metadata:s:a:0", "title=commentary", "-metadata:s:v:0", "language=fra", output));

    /// <summary>Matroska: 96x54 H.264 (10 frames), an Opus track and a two-cue SubRip subtitle track.</summary>
    public static string WithSubtitles => Make("subs-96x54.mkv", output =>
    {
        string srt = output + ".srt";
        File.WriteAllText(srt, "1\n00:00:00,000 --> 00:00:00,200\nHello\n\n2\n00:00:00,200 --> 00:00:00,400\nWorld\n");
        Ffmpeg(
            "-f", "lavfi", "-i", "testsrc2=size=96x54:rate=25:duration=0.4", "-f", "lavfi", "-i", "sine=duration=0.4", "-i", srt,
            "-map", "0", "-map", "1", "-map", "2", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "libopus", "-c:s", "srt", output);
    });

    /// <summary>96x54 H.264 (10 frames) whose display matrix rotates it by 90 degrees (the phone-video case).</summary>
    public static string Rotated90 => Make("rotated-96x54.mp4", output =>
    {
        string plain = output + ".plain.mp4";
        Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=96x54:rate=25:duration=0.4", "-c:v", "libx264", "-preset", "ultrafast", plain);
        Ffmpeg("-i", plain, "-c", "copy", "-metadata:s:v:0", "rotate=90", output);
    });

    /// <summary>64x36 H.264, <paramref name="frames"/> frames at 25 fps, no audio (for runs whose length matters).</summary>
    public static string Frames64x36(int frames) => Plain(64, 36, frames);

    /// <summary><paramref name="width"/>x<paramref name="height"/> H.264 (moving test pattern), <paramref name="frames"/> frames at 25 fps, no audio.</summary>
    public static string Plain(int width, int height, int frames) => Make(
        string.Create(CultureInfo.InvariantCulture, $"plain-{width}x{height}-{frames}.mp4"),
        output => Ffmpeg(
            "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"testsrc2=size={width}x{height}:rate=25"),
            "-frames:v", frames.ToString(CultureInfo.InvariantCulture), "-c:v", "libx264", "-preset", "ultrafast", output));

    /// <summary>
    /// <see cref="BigBuckBunny160x90"/> with its 10th video packet's NAL length prefix overwritten (0xFF...): a packet
    /// the H.264 decoder rejects ("Invalid NAL unit size"), the rest intact.
    /// </summary>
    public static string Damaged => Make("damaged-160x90.mp4", output =>
    {
        ProbePacket victim = MediaProbe.Packets(BigBuckBunny160x90, 0)[9];
        byte[] bytes = File.ReadAllBytes(BigBuckBunny160x90);
        bytes.AsSpan(checked((int)victim.Position!.Value), 4).Fill(0xFF);
        File.WriteAllBytes(output, bytes);
    });

    /// <summary>A clip by its property name, for theories (<c>nameof(TestClips.Bikes128x54)</c>).</summary>
    public static string Named(string name) => name switch
    {
        nameof(BigBuckBunny160x90) => BigBuckBunny160x90,
        nameof(Bikes128x54) => Bikes128x54,
        nameof(Odd65x37WithAudio) => Odd65x37WithAudio,
        nameof(Odd65x37Yuv420) => Odd65x37Yuv420,
        nameof(TenBitH264) => TenBitH264,
        nameof(TenBitHevc) => TenBitHevc,
        nameof(VariableFrameRate) => VariableFrameRate,
        nameof(WithSubtitles) => WithSubtitles,
        nameof(Rotated90) => Rotated90,
        _ => throw new ArgumentException($"No test clip is named {name}.", nameof(name)),
    };

    private static string Make(string name, Action<string> make) =>
        s_made.GetOrAdd(name, n => new Lazy<string>(() => MakeNow(n, make), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private static string MakeNow(string name, Action<string> make)
    {
        string path = Path.Combine(s_folder.Value, name);
        make(path);
        return File.Exists(path) && new FileInfo(path).Length > 0
            ? path
            : throw new InvalidOperationException($"The ffmpeg CLI did not make the test clip {name}.");
    }

    private static void Ffmpeg(params string[] arguments) => ExternalTool.Ffmpeg(arguments);

    /// <summary>The mean R, G, B of the first picture of <paramref name="path"/> as the ffmpeg CLI decodes it to rgb24 (honouring its colour tags).</summary>
    public static (double R, double G, double B) MeanRgb(string path)
    {
        string raw = path + ".rgb";
        ExternalTool.Ffmpeg("-i", path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", raw);
        byte[] pixels = File.ReadAllBytes(raw);
        File.Delete(raw);
        long r = 0, g = 0, b = 0;
        for (int i = 0; i + 2 < pixels.Length; i += 3)
        {
            r += pixels[i];
            g += pixels[i + 1];
            b += pixels[i + 2];
        }

        double n = pixels.Length / 3.0;
        return (r / n, g / n, b / n);
    }

    private static string CreateFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "bsrn-clips-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // The OS cleans the temp folder eventually.
            }
        };
        return folder;
    }
}
