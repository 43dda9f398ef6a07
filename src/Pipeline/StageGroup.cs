namespace BsrnVideo.Pipeline;

/// <summary>
/// Runs a pipeline's stages as tasks under one cancellation scope: the first stage to fail cancels the others, and
/// <see cref="WhenAllAsync"/> rethrows that first, root exception (never an AggregateException, never the
/// cancellations it caused).
/// </summary>
internal sealed class StageGroup
{
    private readonly CancellationTokenSource _cancellation;
    private readonly List<Task> _tasks = [];
    private Exception? _firstFailure;

    public StageGroup(CancellationToken cancellationToken)
    {
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        OuterToken = cancellationToken;
    }

    public CancellationToken OuterToken { get; }

    public void Start(string stage, Func<CancellationToken, Task> run)
    {
        CancellationToken token = _cancellation.Token;
        _tasks.Add(Task.Run(
            async () =>
            {
                try
                {
                    await run(token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception e)
                {
                    if (Interlocked.CompareExchange(ref _firstFailure, e, null) is null)
                    {
                        e.Data["bsrn.stage"] = stage;
                    }

                    await _cancellation.CancelAsync().ConfigureAwait(false);
                    throw;
                }
            },
            CancellationToken.None));
    }

    public async Task WhenAllAsync()
    {
        try
        {
            await Task.WhenAll(_tasks).ConfigureAwait(false);
        }
        catch
        {
            if (_firstFailure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_firstFailure);
            }

            OuterToken.ThrowIfCancellationRequested();
            throw;
        }
        finally
        {
            _cancellation.Dispose();
        }
    }
}
