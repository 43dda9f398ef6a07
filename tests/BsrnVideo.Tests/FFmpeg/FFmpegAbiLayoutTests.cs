using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using BsrnVideo.FFmpeg;
using BsrnVideo.FFmpeg.Native;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.FFmpeg;

/// <summary>
/// The C# mirrors of FFmpeg's structs and constants are written by hand; these tests compile a C probe against the
/// installed FFmpeg headers (gcc + libav*-dev) that prints the real offsets and values, and compare.
/// The probe is generated from the C# declarations themselves, so a new mirrored field is checked automatically.
/// </summary>
public sealed class FFmpegAbiLayoutTests
{
    private static readonly Lazy<Dictionary<string, long>> s_probe = new(RunProbe);

    public static TheoryData<string> MirroredFields()
    {
        var data = new TheoryData<string>();
        foreach ((string expression, _) in FieldChecks())
        {
            data.Add(expression);
        }

        return data;
    }

    public static TheoryData<string> MirroredConstants()
    {
        var data = new TheoryData<string>();
        foreach ((string expression, _) in ConstantChecks())
        {
            data.Add(expression);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MirroredFields))]
    public void FieldOffset_MatchesInstalledHeaders(string expression)
    {
        long expected = s_probe.Value[expression];
        long actual = FieldChecks().Single(c => c.Expression == expression).Value;
        Assert.True(expected == actual, $"{expression}: C says {expected}, C# says {actual}");
    }

    [Theory]
    [MemberData(nameof(MirroredConstants))]
    public void Constant_MatchesInstalledHeaders(string expression)
    {
        long expected = s_probe.Value[expression];
        long actual = ConstantChecks().Single(c => c.Expression == expression).Value;
        Assert.True(expected == actual, $"{expression}: C says {expected}, C# says {actual}");
    }

    [Fact]
    public void EnsureCompatible_InstalledLibraries_ReportsFFmpeg51Majors()
    {
        string versions = LibAvLoader.DescribeVersions();

        Assert.Contains("libavformat 59.", versions, StringComparison.Ordinal);
        Assert.Contains("libavcodec 59.", versions, StringComparison.Ordinal);
        Assert.Contains("libavutil 57.", versions, StringComparison.Ordinal);
        Assert.Contains("libswscale 6.", versions, StringComparison.Ordinal);
    }

    private static IEnumerable<Type> MirroredStructs() =>
        typeof(LibAvLoader).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(AVRational).Namespace && t.IsValueType && !t.IsEnum && !t.IsNested)
            .Where(t => t.GetFields(BindingFlags.Public | BindingFlags.Instance).Length > 0);

    private static IEnumerable<(string Expression, long Value)> FieldChecks()
    {
        foreach (Type type in MirroredStructs())
        {
            if (type.StructLayoutAttribute?.Value == LayoutKind.Sequential)
            {
                yield return ($"sizeof({type.Name})", Marshal.SizeOf(type));
            }

            foreach (FieldInfo field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                if (field.GetCustomAttribute<CBitFieldAttribute>() is { } bits)
                {
                    // Bit-fields have no offsetof: check how the C# side reads the word instead.
                    yield return (bits.Expression, bits.Expected);
                    continue;
                }

                // Fixed buffers compile to a nested struct named "<data>e__FixedBuffer"; the field keeps the C name.
                yield return ($"offsetof({type.Name}, {field.Name})", Marshal.OffsetOf(type, field.Name).ToInt64());
            }
        }
    }

    private static IEnumerable<(string Expression, long Value)> ConstantChecks()
    {
        foreach (FieldInfo field in typeof(AvConstants).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            string name = field.Name;
            string expression = name.StartsWith("AVERROR_E", StringComparison.Ordinal) && name is not ("AVERROR_EOF" or "AVERROR_EXIT")
                ? $"AVERROR({name["AVERROR_".Length..]})"
                : name;
            yield return (expression, Convert.ToInt64(field.GetRawConstantValue(), CultureInfo.InvariantCulture));
        }

        foreach ((Type type, string prefix) in new[] { (typeof(AVPixelFormat), "AV_PIX_FMT_"), (typeof(AVCodecID), "AV_CODEC_ID_"), (typeof(AVMediaType), "AVMEDIA_TYPE_") })
        {
            foreach (object value in Enum.GetValues(type))
            {
                yield return (prefix + value.ToString()!.ToUpperInvariant(), Convert.ToInt64(value, CultureInfo.InvariantCulture));
            }
        }
    }

    private static Dictionary<string, long> RunProbe()
    {
        const string Includes = "#include <stdio.h>\n#include <stddef.h>\n#include <errno.h>\n" +
            "#include <libavformat/avformat.h>\n#include <libavcodec/avcodec.h>\n#include <libavutil/frame.h>\n" +
            "#include <libavutil/pixdesc.h>\n#include <libavutil/opt.h>\n#include <libswscale/swscale.h>";
        string flags = ExternalTool.Run("pkg-config", ["--cflags", "--libs", "libavformat", "libavcodec", "libavutil", "libswscale"]).Trim();
        return CProbe.Evaluate(Includes, FieldChecks().Concat(ConstantChecks()).Select(c => c.Expression), [], flags.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
