using Microsoft.ML.OnnxRuntime;

namespace BsrnVideo.Infer.Onnx;

/// <summary>An ORT session with the options it was made with, the device it runs on, its model and why that device.</summary>
internal sealed class OrtSessionBundle(InferenceSession session, SessionOptions options, ExecutionDevice device, byte[] model, string reason) : IDisposable
{
    public InferenceSession Session { get; } = session;

    public ExecutionDevice Device { get; } = device;

    /// <summary><c>cpu</c> or <c>cuda</c> (the metric attribute value).</summary>
    public string Provider => Device.Kind == ExecutionDeviceKind.Cuda ? "cuda" : "cpu";

    /// <summary>The serialized model, kept to open shape-specialised sessions.</summary>
    public byte[] Model { get; } = model;

    public string Reason { get; } = reason;

    public void Dispose()
    {
        Session.Dispose();
        options.Dispose();
    }
}
