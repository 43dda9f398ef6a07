using System.Globalization;
using System.Text;

namespace BsrnVideo.Tests.TestUtilities;

/// <summary>
/// Compiles and runs a C program that prints the value of each given C expression (offsets, sizes, constants)
/// against real headers, so hand-written C# mirrors of native layouts can be compared with the truth.
/// </summary>
internal static class CProbe
{
    /// <param name="preamble">The program's #include lines.</param>
    /// <param name="expressions">C expressions convertible to long long.</param>
    /// <param name="compile">Extra gcc arguments placed before the source file (include paths).</param>
    /// <param name="link">Extra gcc arguments placed after it (libraries).</param>
    public static Dictionary<string, long> Evaluate(string preamble, IEnumerable<string> expressions, string[] compile, string[] link)
    {
        var source = new StringBuilder();
        source.AppendLine(preamble);
        source.AppendLine("int main(void) {");
        foreach (string expression in expressions)
        {
            source.AppendLine(CultureInfo.InvariantCulture, $"  printf(\"%s=%lld\\n\", \"{expression}\", (long long)({expression}));");
        }

        source.AppendLine("  return 0;\n}");
        using var temp = new TempDirectory();
        string cFile = temp.File("probe.c");
        string binary = temp.File("probe");
        File.WriteAllText(cFile, source.ToString());
        ExternalTool.Run("gcc", [.. compile, cFile, "-o", binary, .. link]);
        return ExternalTool.Run(binary, [])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(
                line => line[..line.LastIndexOf('=')],
                line => long.Parse(line[(line.LastIndexOf('=') + 1)..], CultureInfo.InvariantCulture));
    }
}
