using System.Diagnostics.CodeAnalysis;
using BsrnVideo.Frames;
using Microsoft.ML.OnnxRuntime;

namespace BsrnVideo.Infer.Onnx;

/// <summary>
/// One line of execution: its shape-specialised sessions (with its share of the CPU threads), their pinned bound
/// buffers, and its run options. <see cref="OnnxUpscaler"/> has one lane, or several that run frames side by side.
/// </summary>
internal sealed class InferenceLane : IDisposable
{
    private const int MaxCachedShapes = 4;

    private readonly OrtSessionBundle _generic;
    private readonly ModelSignature _signature;
    private readonly OnnxUpscalerOptions _options;
    private readonly string _label;
    private readonly List<BatchBuffers> _buffers = [];
    private readonly RunOptions _runOptions = new();

    public InferenceLane(OrtSessionBundle generic, ModelSignature signature, OnnxUpscalerOptions options, string label)
    {
        _generic = generic;
        _signature = signature;
        _options = options;
        _label = label;
    }

    private int Scale => _signature.Scale;

    public void RunWholeFrames(ReadOnlySpan<RgbFrame> inputs, ReadOnlySpan<RgbFrame> outputs, CancellationToken cancellationToken)
    {
        int w = inputs[0].Width;
        int h = inputs[0].Height;
        BatchBuffers buffers = GetBuffers(inputs.Length, h, w);
        int inCount = w * h * 3;
        int outCount = inCount * Scale * Scale;
        for (int i = 0; i < inputs.Length; i++)
        {
            if (buffers.InputBytes is { } bytes)
            {
                inputs[i].Pixels.CopyTo(bytes.AsSpan(i * inCount, inCount));
            }
            else
            {
                FramePacking.PackRegion(inputs[i], 0, 0, w, h, buffers.InputFloats.AsSpan(i * inCount, inCount), w, h);
            }
        }

        Run(buffers, cancellationToken);
        for (int i = 0; i < outputs.Length; i++)
        {
            if (buffers.OutputBytes is { } bytes)
            {
                bytes.AsSpan(i * outCount, outCount).CopyTo(outputs[i].Pixels);
            }
            else
            {
                FramePacking.CopyCrop(buffers.OutputFloats.AsSpan(i * outCount, outCount), w * Scale, h * Scale, outputs[i]);
            }
        }
    }

    public void Run(BatchBuffers buffers, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using (cancellationToken.UnsafeRegister(static state => ((RunOptions)state!).Terminate = true, _runOptions))
        {
            try
            {
                buffers.Session.RunWithBinding(_runOptions, buffers.Binding);
            }
            catch (OnnxRuntimeException e)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    _runOptions.Terminate = false;
                    throw new OperationCanceledException("Inference was cancelled.", e, cancellationToken);
                }

                ThrowRunFailed(buffers, e);
            }
        }

        if (cancellationToken.IsCancellationRequested)
        {
            _runOptions.Terminate = false;
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public BatchBuffers GetBuffers(int batch, int height, int width)
    {
        for (int i = 0; i < _buffers.Count; i++)
        {
            BatchBuffers b = _buffers[i];
            if (b.Batch == batch && b.Height == height && b.Width == width)
            {
                return b;
            }
        }

        if (_buffers.Count == MaxCachedShapes)
        {
            _buffers[0].Dispose();
            _buffers.RemoveAt(0);
        }

        OrtSessionBundle? specialized = null;
        if (_options.SpecializeShapes && _signature.IsBsrnGraph)
        {
            specialized = OrtSessionFactory.CreateSpecialized(_generic, new SessionShape(batch, height, width, Scale), _options, _label);
        }

        try
        {
            var created = new BatchBuffers(specialized?.Session ?? _generic.Session, specialized, _signature, batch, height, width);
            _buffers.Add(created);
            return created;
        }
        catch
        {
            specialized?.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        for (int i = _buffers.Count - 1; i >= 0; i--)
        {
            _buffers[i].Dispose();
        }

        _buffers.Clear();
        _runOptions.Dispose();
    }

    [DoesNotReturn]
    private void ThrowRunFailed(BatchBuffers buffers, OnnxRuntimeException e)
    {
        string tile = _options.TileSize > 0 ? $"--tile {_options.TileSize}" : "no tiling";
        throw new InferenceException(
            $"{_label}: inference on {_generic.Provider} failed for a batch of {buffers.Batch} at {buffers.Width}x{buffers.Height} ({tile}): " +
            $"{OrtSessionFactory.FirstLine(e.Message)}. If the device ran out of memory, try a smaller batch or --tile 256.",
            e);
    }
}
