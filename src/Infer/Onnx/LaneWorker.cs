using BsrnVideo.Frames;

namespace BsrnVideo.Infer.Onnx;

/// <summary>
/// A dedicated thread that runs its <see cref="InferenceLane"/> on the frames it is handed, so that several
/// single-threaded sessions work on different frames at once. Handing over work allocates nothing.
/// </summary>
internal sealed class LaneWorker : IDisposable
{
    private readonly InferenceLane _lane;
    private readonly Thread _thread;
    private readonly SemaphoreSlim _go = new(0);
    private readonly ManualResetEventSlim _done = new(false);
    private RgbFrame[] _inputs = [];
    private RgbFrame[] _outputs = [];
    private int _count;
    private CancellationToken _cancellationToken;
    private Exception? _error;
    private volatile bool _stopping;

    public LaneWorker(InferenceLane lane, string name)
    {
        _lane = lane;
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public void Start(ReadOnlySpan<RgbFrame> inputs, ReadOnlySpan<RgbFrame> outputs, CancellationToken cancellationToken)
    {
        if (_inputs.Length < inputs.Length)
        {
            _inputs = new RgbFrame[inputs.Length];
            _outputs = new RgbFrame[inputs.Length];
        }

        inputs.CopyTo(_inputs);
        outputs.CopyTo(_outputs);
        _count = inputs.Length;
        _cancellationToken = cancellationToken;
        _error = null;
        _done.Reset();
        _go.Release();
    }

    /// <summary>Waits for the work handed over by <see cref="Start"/>; returns its exception, if any.</summary>
    public Exception? Wait()
    {
        _done.Wait();
        Array.Clear(_inputs, 0, _count);
        Array.Clear(_outputs, 0, _count);
        return _error;
    }

    public void Dispose()
    {
        _stopping = true;
        _go.Release();
        _thread.Join();
        _go.Dispose();
        _done.Dispose();
        _lane.Dispose();
    }

    private void Loop()
    {
        while (true)
        {
            _go.Wait();
            if (_stopping)
            {
                return;
            }

            try
            {
                _lane.RunWholeFrames(_inputs.AsSpan(0, _count), _outputs.AsSpan(0, _count), _cancellationToken);
            }
            catch (Exception e)
            {
                _error = e; // rethrown on the caller's thread by OnnxUpscaler
            }
            finally
            {
                _done.Set();
            }
        }
    }
}
