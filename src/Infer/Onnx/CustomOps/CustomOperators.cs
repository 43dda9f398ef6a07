using Microsoft.ML.OnnxRuntime;

namespace BsrnVideo.Infer.Onnx.CustomOps;

/// <summary>
/// Our own ONNX Runtime CPU operators: whether this machine and runtime can run them, and registering them on a
/// session. A graph only uses them when <see cref="IsAvailable"/> said so while it was built, and every CPU
/// session registers them, so a cached graph that contains them always finds them.
/// </summary>
public static class CustomOperators
{
    private static readonly Lazy<bool> s_registrable = new(CanRegister);

    /// <summary>True when the fused operators run here for NCHWc block size <paramref name="block"/>.</summary>
    public static bool IsAvailable(int block) => DepthwiseGeluKernel.Supports(block) && s_registrable.Value;

    /// <summary>Registers the operators on <paramref name="options"/> when they are available at all.</summary>
    public static void AddTo(SessionOptions options)
    {
        if (s_registrable.Value)
        {
            DepthwiseGeluOp.AddTo(options);
        }
    }

    private static bool CanRegister()
    {
        try
        {
            using var options = new SessionOptions();
            DepthwiseGeluOp.AddTo(options);
            return true;
        }
        catch (Exception e) when (e is InferenceException or DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
