using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Faults;

/// <summary>How a fuzz case damaged its clip.</summary>
internal enum Mutation
{
    /// <summary>1-64 single-bit flips anywhere in the file.</summary>
    BitFlips,

    /// <summary>1-8 bytes replaced inside the container's index (mp4 moov, the first 4 KiB otherwise).</summary>
    IndexBytes,

    /// <summary>The file cut at a random length.</summary>
    Truncation,

    /// <summary>A run of 16 B - 4 KiB overwritten with zeros or 0xFF (a bad sector, a torn write).</summary>
    BadRun,

    /// <summary>ffmpeg's <c>noise</c> bitstream filter on the video packets (damage, sometimes dropped packets).</summary>
    NoiseFilter,
}

/// <summary>One reproducible fuzz case: campaign seed + index pick the clip, the mutation and every byte of it.</summary>
internal sealed record FuzzCase(int Seed, int Index, string Clip, Mutation Mutation, string Detail, string Path)
{
    public override string ToString() => $"case {Index} (seed {Seed}): {Mutation} {Detail} of {System.IO.Path.GetFileName(Clip)}";
}

/// <summary>
/// Damages real clips (short cuts of <c>shared/data/video</c>) in the ways files get damaged: flipped bits, a broken
/// index, truncation, bad runs, and the ffmpeg CLI's <c>noise</c> filter. Deterministic: the same seed and index give
/// the same bytes on every machine (<see cref="Random(int)"/> with a seed is a fixed algorithm).
/// </summary>
internal static class ClipMutator
{
    /// <summary>Writes case <paramref name="index"/> of campaign <paramref name="seed"/> into <paramref name="folder"/> (named case-N with the clip's extension).</summary>
    public static FuzzCase Write(int seed, int index, IReadOnlyList<string> clips, string folder)
    {
        var rng = new Random(unchecked((seed * 1_000_003) + index));
        string clip = clips[rng.Next(clips.Count)];
        string path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"case-{index}{Path.GetExtension(clip)}"));
        var mutation = (Mutation)rng.Next(Enum.GetValues<Mutation>().Length);
        if (mutation == Mutation.NoiseFilter)
        {
            // amount: 1 in N bytes damaged; dropamount: 1 in N packets dropped (sometimes).
            int amount = (int)Math.Round(Math.Exp(rng.NextDouble() * Math.Log(5000))) + 1;
            int drop = rng.Next(3) == 0 ? rng.Next(2, 40) : 0;
            string filter = drop > 0 ? $"noise=amount={amount}:dropamount={drop}" : $"noise=amount={amount}";
            ProcessResult made = ExternalTool.TryRun("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-i", clip, "-map", "0", "-c", "copy", "-bsf:v", filter, "-f", FormatOf(clip), path]);
            if (made.ExitCode != 0)
            {
                File.Copy(clip, path, overwrite: true); // the muxer refused what the filter made: run the clean clip
                filter += " (ffmpeg refused it; clip unchanged)";
            }

            return new FuzzCase(seed, index, clip, mutation, filter, path);
        }

        byte[] bytes = File.ReadAllBytes(clip);
        string detail;
        switch (mutation)
        {
            case Mutation.BitFlips:
            {
                int flips = rng.Next(1, 65);
                for (int i = 0; i < flips; i++)
                {
                    bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
                }

                detail = $"{flips} flips";
                break;
            }

            case Mutation.IndexBytes:
            {
                (int start, int length) = IndexRegion(bytes);
                int count = rng.Next(1, 9);
                for (int i = 0; i < count; i++)
                {
                    bytes[start + rng.Next(length)] = (byte)rng.Next(256);
                }

                detail = string.Create(CultureInfo.InvariantCulture, $"{count} bytes in [{start}, {start + length})");
                break;
            }

            case Mutation.Truncation:
            {
                int keep = rng.Next(bytes.Length);
                bytes = bytes[..keep];
                detail = string.Create(CultureInfo.InvariantCulture, $"to {keep} bytes");
                break;
            }

            default:
            {
                int length = rng.Next(16, 4097);
                int start = rng.Next(Math.Max(1, bytes.Length - length));
                byte fill = rng.Next(2) == 0 ? (byte)0 : (byte)0xFF;
                bytes.AsSpan(start, Math.Min(length, bytes.Length - start)).Fill(fill);
                detail = string.Create(CultureInfo.InvariantCulture, $"{length} x 0x{fill:X2} at {start}");
                break;
            }
        }

        File.WriteAllBytes(path, bytes);
        return new FuzzCase(seed, index, clip, mutation, detail, path);
    }

    /// <summary>Cuts the seed clips from the shared videos: about a second each, small, three containers and codecs.</summary>
    public static IReadOnlyList<string> MakeSeedClips(string videoDir, string folder)
    {
        string bunny = Path.Combine(videoDir, "bigbuckbunny.mp4");
        string bikes = Path.Combine(videoDir, "bikes.mp4");
        string a = Path.Combine(folder, "bunny-h264-aac.mp4");
        string b = Path.Combine(folder, "bikes-h264.mkv");
        string c = Path.Combine(folder, "bikes-mpeg4-mp3.avi");
        ExternalTool.Ffmpeg("-ss", "1", "-i", bunny, "-t", "1", "-vf", "scale=128:72", "-c:v", "libx264", "-preset", "veryfast", "-g", "12", "-bf", "2", "-c:a", "aac", "-ac", "2", "-b:a", "48k", a);
        ExternalTool.Ffmpeg("-ss", "3", "-i", bikes, "-t", "1", "-vf", "scale=160:68", "-c:v", "libx264", "-preset", "veryfast", "-g", "10", b);
        ExternalTool.Ffmpeg("-ss", "5", "-i", bikes, "-f", "lavfi", "-i", "sine=frequency=300:sample_rate=44100", "-t", "1", "-vf", "scale=112:48", "-c:v", "mpeg4", "-q:v", "5", "-c:a", "libmp3lame", "-b:a", "32k", "-shortest", c);
        return [a, b, c];
    }

    private static string FormatOf(string clip) => Path.GetExtension(clip) switch
    {
        ".mkv" => "matroska",
        ".avi" => "avi",
        _ => "mp4",
    };

    /// <summary>Where the container keeps its index: the mp4 moov box; otherwise the first 4 KiB (headers, tracks).</summary>
    private static (int Start, int Length) IndexRegion(byte[] bytes)
    {
        int at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes("moov"));
        if (at >= 4)
        {
            int size = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at - 4));
            int length = Math.Clamp(size, 8, bytes.Length - (at - 4));
            return (at - 4, length);
        }

        return (0, Math.Min(4096, bytes.Length));
    }
}
