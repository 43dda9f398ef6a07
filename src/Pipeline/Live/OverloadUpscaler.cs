using BsrnVideo.Frames;
using BsrnVideo.Infer;

namespace BsrnVideo.Pipeline.Live;

/// <summary>
/// <c>--overload bicubic</c>: runs the model while inference keeps up and a bicubic upscaler (same scale, a few
/// milliseconds a frame) for the batches that arrive while the queue in front of inference is full.
/// </summary>
internal sealed class OverloadUpscaler : IUpscaler
{
    private readonly IUpscaler _model;
    private readonly BicubicUpscaler _fallback;
    private readonly Func<bool> _behind;
    private long _fallbackFrames;

    public OverloadUpscaler(IUpscaler model, Func<bool> behind)
    {
        _model = model;
        _fallback = new BicubicUpscaler(model.Scale);
        _behind = behind;
    }

    public string Name => _model.Name;

    public string Provider => _model.Provider;

    public int Scale => _model.Scale;

    /// <summary>Frames upscaled by the fallback instead of the model.</summary>
    public long FallbackFrames => Interlocked.Read(ref _fallbackFrames);

    public void Upscale(ReadOnlySpan<RgbFrame> inputs, ReadOnlySpan<RgbFrame> outputs, CancellationToken cancellationToken)
    {
        if (_behind())
        {
            _fallback.Upscale(inputs, outputs, cancellationToken);
            Interlocked.Add(ref _fallbackFrames, inputs.Length);
            return;
        }

        _model.Upscale(inputs, outputs, cancellationToken);
    }

    /// <summary>Disposes the fallback only: the model belongs to the job's owner.</summary>
    public void Dispose() => _fallback.Dispose();
}
