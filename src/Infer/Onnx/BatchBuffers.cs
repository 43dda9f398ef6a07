using Microsoft.ML.OnnxRuntime;

namespace BsrnVideo.Infer.Onnx;

/// <summary>
/// Pinned input and output buffers for one batch shape, wrapped as OrtValues and bound once to an IO binding,
/// so a warm run allocates nothing. Holds bytes (uint8 NHWC models) or floats (float NCHW models).
/// </summary>
internal sealed class BatchBuffers : IDisposable
{
    private readonly OrtValue _input;
    private readonly OrtValue _output;
    private readonly OrtSessionBundle? _ownedSession;

    /// <param name="session">The session to bind to.</param>
    /// <param name="ownedSession">A shape-specialised session these buffers own and dispose, or null.</param>
    /// <param name="signature">How the model is fed.</param>
    /// <param name="batch">Frames or tiles per run.</param>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    public BatchBuffers(InferenceSession session, OrtSessionBundle? ownedSession, ModelSignature signature, int batch, int height, int width)
    {
        _ownedSession = ownedSession;
        Session = session;
        Batch = batch;
        Height = height;
        Width = width;
        int s = signature.Scale;
        long[] inShape = signature.UInt8Nhwc ? [batch, height, width, 3] : [batch, 3, height, width];
        long[] outShape = signature.UInt8Nhwc ? [batch, height * s, width * s, 3] : [batch, 3, height * s, width * s];
        int inCount = checked(batch * height * width * 3);
        int outCount = checked(inCount * s * s);
        OrtMemoryInfo cpu = OrtMemoryInfo.DefaultInstance;
        if (signature.UInt8Nhwc)
        {
            InputBytes = GC.AllocateUninitializedArray<byte>(inCount, pinned: true);
            OutputBytes = GC.AllocateUninitializedArray<byte>(outCount, pinned: true);
            _input = OrtValue.CreateTensorValueFromMemory(cpu, InputBytes.AsMemory(), inShape);
            _output = OrtValue.CreateTensorValueFromMemory(cpu, OutputBytes.AsMemory(), outShape);
        }
        else
        {
            InputFloats = GC.AllocateUninitializedArray<float>(inCount, pinned: true);
            OutputFloats = GC.AllocateUninitializedArray<float>(outCount, pinned: true);
            _input = OrtValue.CreateTensorValueFromMemory(cpu, InputFloats.AsMemory(), inShape);
            _output = OrtValue.CreateTensorValueFromMemory(cpu, OutputFloats.AsMemory(), outShape);
        }

        Binding = session.CreateIoBinding();
        Binding.BindInput(signature.InputName, _input);
        Binding.BindOutput(signature.OutputName, _output);
    }

    public InferenceSession Session { get; }

    public int Batch { get; }

    public int Height { get; }

    public int Width { get; }

    public byte[]? InputBytes { get; }

    public byte[]? OutputBytes { get; }

    public float[]? InputFloats { get; }

    public float[]? OutputFloats { get; }

    public OrtIoBinding Binding { get; }

    public void Dispose()
    {
        Binding.Dispose();
        _output.Dispose();
        _input.Dispose();
        _ownedSession?.Dispose();
    }
}
