using System.Globalization;

namespace BsrnVideo.Infer.Onnx;

/// <summary>A parsed <c>--device</c> value: <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>auto</c>.</summary>
public sealed record ExecutionDevice(ExecutionDeviceKind Kind, int DeviceId)
{
    public static ExecutionDevice Cpu { get; } = new(ExecutionDeviceKind.Cpu, 0);

    public static ExecutionDevice Parse(string text)
    {
        string t = (text ?? "").Trim().ToLowerInvariant();
        if (t is "cpu")
        {
            return Cpu;
        }

        if (t is "auto" or "")
        {
            return new ExecutionDevice(ExecutionDeviceKind.Auto, 0);
        }

        if (t is "cuda" or "gpu")
        {
            return new ExecutionDevice(ExecutionDeviceKind.Cuda, 0);
        }

        if (t.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(t.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int id))
        {
            return new ExecutionDevice(ExecutionDeviceKind.Cuda, id);
        }

        throw new InferenceException($"Unknown device '{text}': use cpu, cuda, cuda:N (N = GPU index) or auto.");
    }

    public override string ToString() => Kind switch
    {
        ExecutionDeviceKind.Cpu => "cpu",
        ExecutionDeviceKind.Auto => "auto",
        _ => $"cuda:{DeviceId}",
    };
}
