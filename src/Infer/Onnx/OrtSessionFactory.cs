using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;

namespace BsrnVideo.Infer.Onnx;

/// <summary>
/// Creates the ORT session for a device: CPU (all cores, optimisation level ALL, optimised model cached on disk)
/// or CUDA; <c>auto</c> tries CUDA first and says why it fell back.
/// </summary>
internal static class OrtSessionFactory
{
    private static readonly Lazy<OrtEnv> s_environment = new(CreateEnvironment);

    public static OrtSessionBundle Create(ExecutionDevice device, Func<bool, byte[]> modelForCuda, OnnxUpscalerOptions options, string modelLabel)
    {
        _ = s_environment.Value;
        if (device.Kind == ExecutionDeviceKind.Cpu)
        {
            return CreateCpu(modelForCuda(false), options, modelLabel, "cpu requested", shape: null);
        }

        var cuda = device.Kind == ExecutionDeviceKind.Auto ? new ExecutionDevice(ExecutionDeviceKind.Cuda, 0) : device;
        try
        {
            string reason = device.Kind == ExecutionDeviceKind.Auto ? $"auto: CUDA loaded, using {cuda}" : $"{cuda} requested";
            return CreateCuda(cuda, modelForCuda(true), modelLabel, reason, shape: null);
        }
        catch (InferenceException e) when (device.Kind == ExecutionDeviceKind.Auto)
        {
            return CreateCpu(modelForCuda(false), options, modelLabel, "auto: CUDA unavailable, using CPU (" + e.Message + ")", shape: null);
        }
    }

    /// <summary>Another session for the same model and provider as <paramref name="generic"/>, with every dimension fixed.</summary>
    public static OrtSessionBundle CreateSpecialized(OrtSessionBundle generic, SessionShape shape, OnnxUpscalerOptions options, string modelLabel) =>
        generic.Device.Kind == ExecutionDeviceKind.Cuda
            ? CreateCuda(generic.Device, generic.Model, modelLabel, generic.Reason, shape)
            : CreateCpu(generic.Model, options, modelLabel, generic.Reason, shape);

    /// <summary>
    /// ORT's own logger writes to stderr; every failure we care about comes back as an exception whose message we
    /// word for the user, and an expected one (no CUDA under <c>--device auto</c>) must not print a red error line.
    /// </summary>
    private static OrtEnv CreateEnvironment()
    {
        // The process-wide singleton may already exist (another component asked for it first): adjust it.
        OrtEnv environment = OrtEnv.Instance();
        environment.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
        return environment;
    }

    private static void FixDimensions(SessionOptions sessionOptions, SessionShape? shape)
    {
        if (shape is { } s)
        {
            sessionOptions.AddFreeDimensionOverrideByName(Graph.BsrnGraphBuilder.BatchDim, s.Batch);
            sessionOptions.AddFreeDimensionOverrideByName(Graph.BsrnGraphBuilder.HeightDim, s.Height);
            sessionOptions.AddFreeDimensionOverrideByName(Graph.BsrnGraphBuilder.WidthDim, s.Width);
            sessionOptions.AddFreeDimensionOverrideByName(Graph.BsrnGraphBuilder.OutHeightDim, s.Height * s.Scale);
            sessionOptions.AddFreeDimensionOverrideByName(Graph.BsrnGraphBuilder.OutWidthDim, s.Width * s.Scale);
        }
    }

    private static OrtSessionBundle CreateCuda(ExecutionDevice device, byte[] model, string modelLabel, string reason, SessionShape? shape)
    {
        var sessionOptions = new SessionOptions();
        try
        {
            sessionOptions.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
            sessionOptions.LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR;
            FixDimensions(sessionOptions, shape);
            sessionOptions.AppendExecutionProvider_CUDA(device.DeviceId);
            var session = new InferenceSession(model, sessionOptions);
            return new OrtSessionBundle(session, sessionOptions, device, model, reason);
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            sessionOptions.Dispose();
            throw new InferenceException(
                $"{modelLabel}: the CUDA provider ({device}) could not start: {FirstLine(e.Message)}. " +
                "Check that the NVIDIA driver and the CUDA 13 and cuDNN 9 runtime libraries this ONNX Runtime build needs are installed and on the library path (LD_LIBRARY_PATH), or use --device cpu.",
                e);
        }
        catch
        {
            sessionOptions.Dispose();
            throw;
        }
    }

    private static OrtSessionBundle CreateCpu(byte[] model, OnnxUpscalerOptions options, string modelLabel, string reason, SessionShape? shape)
    {
        var sessionOptions = new SessionOptions();
        try
        {
            sessionOptions.LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR;
            sessionOptions.IntraOpNumThreads = options.IntraOpThreads > 0 ? options.IntraOpThreads : Environment.ProcessorCount;
            sessionOptions.InterOpNumThreads = 1;
            sessionOptions.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
            sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", options.AllowSpinning ? "1" : "0");
            sessionOptions.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
            FixDimensions(sessionOptions, shape);
            CustomOps.CustomOperators.AddTo(sessionOptions);

            string? cached = CachePath(model, options, shape);
            InferenceSession session;
            if (cached is not null && File.Exists(cached))
            {
                try
                {
                    session = new InferenceSession(cached, sessionOptions);
                    return new OrtSessionBundle(session, sessionOptions, ExecutionDevice.Cpu, model, reason + "; optimised model from cache");
                }
                catch (OnnxRuntimeException)
                {
                    TryDelete(cached); // stale or damaged cache entry: rebuild it below
                }
            }

            string? partial = null;
            if (cached is not null)
            {
                partial = cached + "." + Environment.ProcessId + ".partial";
                sessionOptions.OptimizedModelFilePath = partial;
            }

            session = new InferenceSession(model, sessionOptions);
            if (partial is not null && cached is not null && File.Exists(partial))
            {
                try
                {
                    File.Move(partial, cached, overwrite: true);
                }
                catch (IOException)
                {
                    TryDelete(partial);
                }
            }

            return new OrtSessionBundle(session, sessionOptions, ExecutionDevice.Cpu, model, reason);
        }
        catch (OnnxRuntimeException e)
        {
            sessionOptions.Dispose();
            throw new InferenceException($"{modelLabel}: ONNX Runtime (cpu) cannot load the model: {FirstLine(e.Message)}", e);
        }
        catch
        {
            sessionOptions.Dispose();
            throw;
        }
    }

    private static string? CachePath(byte[] model, OnnxUpscalerOptions options, SessionShape? shape)
    {
        if (string.IsNullOrEmpty(options.OptimizedModelCacheDirectory))
        {
            return null;
        }

        try
        {
            Directory.CreateDirectory(options.OptimizedModelCacheDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // a cache that cannot be written is not an error
        }

        // The optimised graph depends on the model, ORT's version and the CPU's instruction set (NCHWc blocking).
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(model);
        string machine = $"{OrtEnv.Instance().GetVersionString()}|{Avx512F.IsSupported}|{Avx2.IsSupported}|{Fma.IsSupported}|{shape}";
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(machine));
        string key = Convert.ToHexStringLower(hash.GetHashAndReset())[..24];
        return Path.Combine(options.OptimizedModelCacheDirectory, $"bsrn-{key}.ort.onnx");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    internal static string FirstLine(string message)
    {
        int newline = message.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? message : message[..newline]).Trim();
    }
}
