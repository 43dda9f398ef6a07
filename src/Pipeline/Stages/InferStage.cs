using System.Diagnostics;
using System.Threading.Channels;
using BsrnVideo.Frames;
using BsrnVideo.Infer;

namespace BsrnVideo.Pipeline.Stages;

/// <summary>
/// Gathers frames into batches of up to <c>batch</c> and runs the upscaler on each. A partial batch is flushed at
/// the end of the stream.
/// </summary>
internal sealed class InferStage
{
    private readonly IUpscaler _upscaler;
    private readonly FramePool _outputs;
    private readonly PipelineMetrics _metrics;
    private readonly RgbFrame[] _inputBatch;
    private readonly RgbFrame[] _outputBatch;
    private readonly CancellationToken _stop;

    /// <param name="stop">Graceful stop: the batch in flight is abandoned and queued frames are dropped, so the stage drains at once.</param>
    public InferStage(IUpscaler upscaler, FramePool outputs, int batch, PipelineMetrics metrics, CancellationToken stop)
    {
        _stop = stop;
        _upscaler = upscaler;
        _outputs = outputs;
        _metrics = metrics;
        _inputBatch = new RgbFrame[batch];
        _outputBatch = new RgbFrame[batch];
    }

    public const string Name = "infer";

    public async Task RunAsync(ChannelReader<RgbFrame> input, ChannelWriter<RgbFrame> output, CancellationToken cancellationToken)
    {
        Exception? error = null;
        int count = 0;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop);
        try
        {
            while (await input.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (count < _inputBatch.Length && input.TryRead(out RgbFrame? frame))
                {
                    _inputBatch[count++] = frame;
                }

                if (count == _inputBatch.Length)
                {
                    int full = count;
                    count = 0; // RunBatchAsync owns (and disposes) the batch from here on
                    await RunBatchAsync(full, output, either.Token, cancellationToken).ConfigureAwait(false);
                }
            }

            if (count > 0)
            {
                int partial = count;
                count = 0;
                await RunBatchAsync(partial, output, either.Token, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            error = e;
            throw;
        }
        finally
        {
            for (int i = 0; i < count; i++)
            {
                _inputBatch[i].Dispose();
            }

            output.TryComplete(error);
        }
    }

    private async Task RunBatchAsync(int count, ChannelWriter<RgbFrame> output, CancellationToken stopOrCancel, CancellationToken cancellationToken)
    {
        if (_stop.IsCancellationRequested)
        {
            DisposeInputs(count);
            return;
        }

        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            _outputBatch[i] = _outputs.Rent();
        }

        try
        {
            _upscaler.Upscale(_inputBatch.AsSpan(0, count), _outputBatch.AsSpan(0, count), stopOrCancel);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            for (int i = 0; i < count; i++)
            {
                _outputBatch[i].Dispose();
            }

            return;
        }
        catch
        {
            for (int i = 0; i < count; i++)
            {
                _outputBatch[i].Dispose();
            }

            throw;
        }
        finally
        {
            DisposeInputs(count);
        }

        _metrics.StageCompleted(Name, start, count);
        _metrics.BatchRun(count, _upscaler.Provider);
        for (int i = 0; i < count; i++)
        {
            try
            {
                await output.WriteAsync(_outputBatch[i], cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                for (int j = i; j < count; j++)
                {
                    _outputBatch[j].Dispose();
                }

                throw;
            }
        }
    }

    private void DisposeInputs(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _inputBatch[i].Dispose();
        }
    }
}
