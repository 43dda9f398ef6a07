using BsrnVideo.Frames;

namespace BsrnVideo.Infer;

/// <summary>
/// Runs the frames of a batch side by side on several single-threaded upscalers (frame-level parallelism) instead
/// of one upscaler whose threads split every operator. Each frame's network then runs without barriers between
/// cores, so a core briefly taken by the decoder or the encoder slows one frame instead of stalling every operator
/// of every frame. Outputs keep the inputs' order. Not thread-safe (one stage owns it).
/// </summary>
public sealed class ParallelUpscaler : IUpscaler
{
    private readonly IUpscaler[] _workers;
    private readonly RgbFrame[][] _inputs;
    private readonly RgbFrame[][] _outputs;
    private readonly int[] _counts;
    private readonly ParallelOptions _parallel;
    private readonly Action<int> _runWorker;
    private CancellationToken _token;

    public ParallelUpscaler(IReadOnlyList<IUpscaler> workers)
    {
        ArgumentNullException.ThrowIfNull(workers);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers.Count, 1);
        if (workers.Any(w => w.Scale != workers[0].Scale))
        {
            throw new ArgumentException("Every worker must have the same scale.", nameof(workers));
        }

        _workers = [.. workers];
        _inputs = new RgbFrame[_workers.Length][];
        _outputs = new RgbFrame[_workers.Length][];
        _counts = new int[_workers.Length];
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = _workers.Length };
        _runWorker = RunWorker;
    }

    public string Name => _workers[0].Name;

    public string Provider => _workers[0].Provider;

    public int Scale => _workers[0].Scale;

    /// <summary>How many frames run at once.</summary>
    public int Width => _workers.Length;

    public void Upscale(ReadOnlySpan<RgbFrame> inputs, ReadOnlySpan<RgbFrame> outputs, CancellationToken cancellationToken)
    {
        if (inputs.Length != outputs.Length)
        {
            throw new ArgumentException("Each input needs one output.", nameof(outputs));
        }

        if (inputs.Length <= 1 || _workers.Length == 1)
        {
            _workers[0].Upscale(inputs, outputs, cancellationToken);
            return;
        }

        // Deal the frames round-robin into per-worker arrays (reused; grown only when the batch grows).
        int used = Math.Min(_workers.Length, inputs.Length);
        int perWorker = (inputs.Length + used - 1) / used;
        for (int w = 0; w < used; w++)
        {
            if (_inputs[w] is null || _inputs[w].Length < perWorker)
            {
                _inputs[w] = new RgbFrame[perWorker];
                _outputs[w] = new RgbFrame[perWorker];
            }

            _counts[w] = 0;
        }

        for (int i = 0; i < inputs.Length; i++)
        {
            int w = i % used;
            _inputs[w][_counts[w]] = inputs[i];
            _outputs[w][_counts[w]] = outputs[i];
            _counts[w]++;
        }

        _token = cancellationToken;
        try
        {
            Parallel.For(0, used, _parallel, _runWorker);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // The first worker's own exception, as a single upscaler would have thrown it.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        finally
        {
            for (int w = 0; w < used; w++)
            {
                Array.Clear(_inputs[w]);
                Array.Clear(_outputs[w]);
            }
        }
    }

    public void Dispose()
    {
        foreach (IUpscaler worker in _workers)
        {
            worker.Dispose();
        }
    }

    private void RunWorker(int w) =>
        _workers[w].Upscale(_inputs[w].AsSpan(0, _counts[w]), _outputs[w].AsSpan(0, _counts[w]), _token);
}
