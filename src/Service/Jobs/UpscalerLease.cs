using BsrnVideo.Infer;

namespace BsrnVideo.Service.Jobs;

/// <summary>A job's use of a pooled upscaler; disposing it (once, any number of calls) gives the upscaler back.</summary>
internal sealed class UpscalerLease : IDisposable
{
    private readonly UpscalerPool _pool;
    private readonly UpscalerRequest _request;
    private int _returned;

    public UpscalerLease(UpscalerPool pool, UpscalerRequest request, IUpscaler upscaler)
    {
        _pool = pool;
        _request = request;
        Upscaler = upscaler;
    }

    public IUpscaler Upscaler { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _returned, 1) == 0)
        {
            _pool.Return(_request, Upscaler);
        }
    }
}
