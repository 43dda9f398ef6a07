using System.Globalization;
using System.Text;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Faults;

/// <summary>
/// The broken and the good inputs the fault tests feed the CLI, made once per test class with the ffmpeg CLI and
/// byte surgery: tiny (96x54, 2 s) so each run takes a fraction of a second.
/// </summary>
public sealed class FaultClips : IDisposable
{
    private readonly TempDirectory _dir = new();

    public FaultClips()
    {
        Good = _dir.File("good.mp4");
        ExternalTool.Ffmpeg(
            "-f", "lavfi", "-i", "testsrc2=size=96x54:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "32k", Good);
        GoodFrames = 50;

        // A longer one for the signal tests: about 4-5 s of work at x4 on two cores.
        Long = _dir.File("long.mp4");
        ExternalTool.Ffmpeg(
            "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", "16", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac", "-b:a", "32k", Long);

        AudioOnly = _dir.File("audio-only.m4a");
        ExternalTool.Ffmpeg("-i", Good, "-vn", "-c:a", "copy", AudioOnly);

        Empty = Write("empty.mp4", []);
        var random = new Random(5);
        byte[] noise = new byte[64 * 1024];
        random.NextBytes(noise);
        RandomBytes = Write("random.mp4", noise);

        // Moov first, then mdat: cut half-way through the mdat the file still opens, its index points past the end.
        string faststart = _dir.File("faststart.mp4");
        ExternalTool.Ffmpeg("-i", Good, "-c", "copy", "-movflags", "+faststart", faststart);
        byte[] fast = File.ReadAllBytes(faststart);
        int mdat = IndexOf(fast, "mdat");
        CutMidMdat = Write("cut-mid-mdat.mp4", fast[..(mdat + ((fast.Length - mdat) / 2))]);

        // Mdat first, moov at the end (ffmpeg's default): cut before the moov, nothing says where the frames are.
        byte[] good = File.ReadAllBytes(Good);
        int moov = IndexOf(good, "moov");
        NoMoov = Write("no-moov.mp4", good[..(moov - 8)]);

        // AVS2 is a codec FFmpeg 5.1 knows and demuxes (raw .avs2) but Debian's build has no decoder for (libdavs2).
        UnsupportedCodec = Write("clip.avs2", Avs2Stream());

        // Every byte of every video packet scrambled: the container is fine, no picture decodes.
        NoDecodableFrame = _dir.File("no-decodable-frame.mp4");
        ExternalTool.Ffmpeg("-i", Good, "-an", "-c", "copy", "-bsf:v", "noise=amount=2", NoDecodableFrame);

        // One packet in the middle with a broken NAL length prefix: h264 rejects that packet and only that one.
        byte[] corrupt = (byte[])good.Clone();
        (long position, _) = Packets(Good, "v:0")[25];
        corrupt.AsSpan((int)position, 4).Fill(0xFF);
        CorruptMidStream = Write("corrupt-mid-stream.mp4", corrupt);

        // Light noise (1 byte in 1000) that the h264 decoder conceals unless told to report it.
        ConcealableDamage = _dir.File("concealable-damage.mp4");
        ExternalTool.Ffmpeg("-i", Good, "-c", "copy", "-bsf:v", "noise=amount=1000", ConcealableDamage);

        // The first AAC packet filled with 0xFF (looks like an ADTS header): the mkv muxer inserts aac_adtstoasc, which refuses it.
        byte[] audio = (byte[])good.Clone();
        (long audioPosition, int audioSize) = Packets(Good, "a:0")[0];
        audio.AsSpan((int)audioPosition, audioSize).Fill(0xFF);
        CorruptAudioPacket = Write("corrupt-audio-packet.mp4", audio);
    }

    public string CorruptAudioPacket { get; }

    public string ConcealableDamage { get; }

    public string Good { get; }

    public int GoodFrames { get; }

    public string Long { get; }

    public string AudioOnly { get; }

    public string Empty { get; }

    public string RandomBytes { get; }

    public string CutMidMdat { get; }

    public string NoMoov { get; }

    public string UnsupportedCodec { get; }

    public string NoDecodableFrame { get; }

    public string CorruptMidStream { get; }

    public string MissingPath => _dir.File("does-not-exist.mp4");

    public void Dispose() => _dir.Dispose();

    /// <summary>One stream's packets as (byte position, size), in file order, from ffprobe.</summary>
    internal static IReadOnlyList<(long Position, int Size)> Packets(string path, string stream)
    {
        string csv = ExternalTool.Run("ffprobe", ["-v", "error", "-select_streams", stream, "-show_entries", "packet=pos,size", "-of", "csv=p=0", path]);
        var packets = new List<(long, int)>();
        foreach (string line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] f = line.Split(',');
            packets.Add((long.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[0], CultureInfo.InvariantCulture)));
        }

        return packets;
    }

    /// <summary>The number of video packets and the stream's duration in seconds, from ffprobe.</summary>
    internal static (int Packets, double Duration) ProbeVideo(string path)
    {
        string csv = ExternalTool.Run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-count_packets", "-show_entries", "stream=nb_read_packets,duration", "-of", "csv=p=0", path]);
        string[] f = csv.Trim().Split(',');
        double duration = double.TryParse(f[0], CultureInfo.InvariantCulture, out double d) ? d : double.NaN; // N/A in mkv
        return (int.Parse(f[1], CultureInfo.InvariantCulture), duration);
    }

    private string Write(string name, byte[] bytes)
    {
        string path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static int IndexOf(byte[] data, string fourcc)
    {
        int at = data.AsSpan().IndexOf(Encoding.ASCII.GetBytes(fourcc));
        return at >= 0 ? at : throw new InvalidOperationException($"no '{fourcc}' box in the clip");
    }

    /// <summary>A raw AVS2 stream that libavformat's avs2 probe accepts: a sequence header, then pictures with a slice each.</summary>
    private static byte[] Avs2Stream()
    {
        var bytes = new List<byte> { 0, 0, 1, 0xB0, 0x20, 0x42, 0x80, 0x40, 0x09, 0x00 };
        bytes.AddRange(new byte[20]);
        for (int i = 0; i < 5; i++)
        {
            bytes.AddRange([0, 0, 1, 0xB3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x00]);
            bytes.AddRange(Enumerable.Repeat((byte)0x55, 30));
        }

        return [.. bytes];
    }
}
