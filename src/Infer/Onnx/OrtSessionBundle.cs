using Microsoft.ML.OnnxRuntime;

namespace BsrnVideo.Infer.Onnx;

/// <summary>An ORT session with the options it was made with, the provider it runs on and why.</summary>
internal sealed class OrtSessionBundle(InferenceSession session, SessionOptions options, string provider, string reason) : IDisposable
{
    public InferenceSession Session { get; } = session;

    public string Provider { get; } = provider;

    public string Reason { get; } = reason;

    public void Dispose()
    {
        Session.Dispose();
        options.Dispose();
    }
}
