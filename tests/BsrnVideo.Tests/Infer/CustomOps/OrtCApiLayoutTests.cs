using System.Globalization;
using System.Reflection;
using BsrnVideo.Infer.Onnx.CustomOps;
using BsrnVideo.Tests.TestUtilities;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace BsrnVideo.Tests.Infer.CustomOps;

/// <summary>
/// The positions of the ORT C API functions and <c>OrtCustomOp</c> members we use are written by hand; these tests
/// compile a C probe against the <c>onnxruntime_c_api.h</c> shipped in the ONNX Runtime package we build with
/// and compare every value (the probe is generated from the C# constants, so a new one is checked automatically).
/// </summary>
public sealed class OrtCApiLayoutTests
{
    private static readonly Lazy<Dictionary<string, long>> s_probe = new(RunProbe);

    public static TheoryData<string> Mirrored()
    {
        var data = new TheoryData<string>();
        foreach ((string expression, _) in Checks())
        {
            data.Add(expression);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Mirrored))]
    public void Position_MatchesThePackagesHeader(string expression)
    {
        long expected = s_probe.Value[expression];
        long actual = Checks().Single(c => c.Expression == expression).Value;
        Assert.True(expected == actual, $"{expression}: C says {expected}, C# says {actual}");
    }

    private static IEnumerable<(string Expression, long Value)> Checks()
    {
        foreach (FieldInfo field in typeof(OrtApiSlots).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            yield return ($"offsetof(OrtApi, {field.Name}) / sizeof(void*)", Convert.ToInt64(field.GetRawConstantValue(), CultureInfo.InvariantCulture));
        }

        foreach (FieldInfo field in typeof(OrtCustomOpFields).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            string expression = field.Name == nameof(OrtCustomOpFields.SizeForVersion17)
                ? "offsetof(OrtCustomOp, GetEndVersion) + sizeof(void*)"
                : $"offsetof(OrtCustomOp, {field.Name})";
            yield return (expression, Convert.ToInt64(field.GetRawConstantValue(), CultureInfo.InvariantCulture));
        }

        yield return ("ORT_FAIL", OrtCApi.ErrorFail);
        yield return ("ORT_INVALID_ARGUMENT", OrtCApi.ErrorInvalidArgument);
        yield return ("ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT", OrtCApi.ElementFloat);
        yield return ("ORT_API_VERSION >= " + OrtCApi.Version, 1);
    }

    private static string IncludeDirectory()
    {
        Version version = typeof(InferenceSession).Assembly.GetName().Version!;
        string package = $"microsoft.ml.onnxruntime.gpu.linux/{version.Major}.{version.Minor}.{version.Build}";
        string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(root, package, "buildTransitive", "native", "include");
    }

    private static Dictionary<string, long> RunProbe() =>
        CProbe.Evaluate(
            "#include <stdio.h>\n#include <stddef.h>\n#include \"onnxruntime_c_api.h\"",
            Checks().Select(c => c.Expression),
            ["-I", IncludeDirectory()],
            []);
}
