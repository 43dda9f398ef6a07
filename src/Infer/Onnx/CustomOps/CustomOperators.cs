using Microsoft.ML.OnnxRuntime;

namespace BsrnVideo.Infer.Onnx.CustomOps;

/// <summary>
/// Our own ONNX Runtime CPU operators: whether this machine and runtime can run them, and registering them on a
/// session. A graph only uses them when <see cref="IsAvailable"/> said so while it was built, and every CPU
/// session registers them, so a cached graph that contains them always finds them.
/// </summary>
public static class CustomOperators
{
    /// <summary>The ONNX domain of our operators.</summary>
    public const string Domain = "ai.bsrnvideo";

    private static readonly Lazy<nint> s_domain = new(() => OperatorDomain.Create(
        Domain, [DepthwiseGeluOp.Definition, .. AttentionTailOps.Definitions(8), .. AttentionTailOps.Definitions(16)]));
    private static readonly Lazy<bool> s_registrable = new(CanRegister);

    /// <summary>True when the fused operators run here for NCHWc block size <paramref name="block"/>.</summary>
    public static bool IsAvailable(int block) => FloatLanes.Supports(block) && s_registrable.Value;

    /// <summary>Registers the operators on <paramref name="options"/> when they are available at all.</summary>
    public static void AddTo(SessionOptions options)
    {
        if (s_registrable.Value)
        {
            Register(options);
        }
    }

    private static void Register(SessionOptions options)
    {
        bool added = false;
        try
        {
            options.DangerousAddRef(ref added);
            OrtCApi.ThrowIfError(OrtCApi.AddCustomOpDomain(options.DangerousGetHandle(), s_domain.Value), "register the " + Domain + " operators");
        }
        finally
        {
            if (added)
            {
                options.DangerousRelease();
            }
        }
    }

    private static bool CanRegister()
    {
        try
        {
            using var options = new SessionOptions();
            Register(options);
            return true;
        }
        catch (Exception e) when (e is InferenceException or DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
