using BsrnVideo.Infer;

namespace BsrnVideo.Service.Jobs;

/// <summary>
/// Upscalers kept between jobs. Building one means resolving the checkpoint, building or loading the graph and
/// creating and optimising ONNX Runtime sessions (seconds on a CPU, more with CUDA's autotuning), so a job takes an
/// idle upscaler built for an equal request when there is one and gives it back when it ends: a restarted stream or
/// the next job with the same model and device starts at once. An upscaler serves one job at a time (its bound
/// buffers are its own); jobs running side by side get one each. Idle ones are disposed after
/// <see cref="IdleTimeout"/> (see <see cref="Trim"/>) and when the pool is disposed.
/// </summary>
internal sealed class UpscalerPool : IDisposable
{
    private readonly Func<UpscalerRequest, Action<string>, CancellationToken, Task<IUpscaler>> _create;
    private readonly TimeProvider _time;
    private readonly List<(UpscalerRequest Request, IUpscaler Upscaler, DateTimeOffset IdleSince)> _idle = [];
    private readonly Lock _lock = new();
    private bool _disposed;

    public UpscalerPool(Func<UpscalerRequest, Action<string>, CancellationToken, Task<IUpscaler>> create, TimeSpan idleTimeout, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(create);
        _create = create;
        IdleTimeout = idleTimeout;
        _time = time ?? TimeProvider.System;
    }

    public TimeSpan IdleTimeout { get; }

    /// <summary>Upscalers waiting for a job.</summary>
    public int IdleCount
    {
        get
        {
            lock (_lock)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>An idle upscaler built for an equal request, or a new one; dispose the lease to give it back.</summary>
    public async Task<UpscalerLease> RentAsync(UpscalerRequest request, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            int i = _idle.FindIndex(e => e.Request == request);
            if (i >= 0)
            {
                IUpscaler reused = _idle[i].Upscaler;
                _idle.RemoveAt(i);
                log($"{reused.Name}: reusing the session of an earlier job ({reused.Provider})");
                return new UpscalerLease(this, request, reused);
            }
        }

        IUpscaler created = await _create(request, log, cancellationToken).ConfigureAwait(false);
        return new UpscalerLease(this, request, created);
    }

    /// <summary>Disposes the upscalers idle for longer than <see cref="IdleTimeout"/>; returns how many.</summary>
    public int Trim()
    {
        DateTimeOffset now = _time.GetUtcNow();
        List<IUpscaler> expired;
        lock (_lock)
        {
            expired = [.. _idle.Where(e => now - e.IdleSince >= IdleTimeout).Select(e => e.Upscaler)];
            _idle.RemoveAll(e => now - e.IdleSince >= IdleTimeout);
        }

        foreach (IUpscaler upscaler in expired)
        {
            upscaler.Dispose();
        }

        return expired.Count;
    }

    public void Dispose()
    {
        List<IUpscaler> all;
        lock (_lock)
        {
            _disposed = true;
            all = [.. _idle.Select(e => e.Upscaler)];
            _idle.Clear();
        }

        foreach (IUpscaler upscaler in all)
        {
            upscaler.Dispose();
        }
    }

    internal void Return(UpscalerRequest request, IUpscaler upscaler)
    {
        lock (_lock)
        {
            if (!_disposed && IdleTimeout > TimeSpan.Zero)
            {
                _idle.Add((request, upscaler, _time.GetUtcNow()));
                return;
            }
        }

        upscaler.Dispose();
    }
}
