using BsrnVideo.Frames;
using BsrnVideo.Infer;
using BsrnVideo.Service.Jobs;
using BsrnVideo.Tests.TestUtilities;
using Xunit;

namespace BsrnVideo.Tests.Service;

public sealed class UpscalerPoolTests
{
    private static readonly UpscalerRequest Bicubic = new() { Model = "bicubic", Scale = 2 };

    private static readonly UpscalerRequest SmallBsrn = new()
    {
        Model = "bsrn-s", Scale = 4, Device = "cpu", Checkpoint = Path.Combine(SharedAssets.ModelsDir, "net_g_BSRN-S.pth"),
    };

    private readonly ManualClock _clock = new();
    private int _built;

    [Fact]
    public async Task Rent_AfterTheLastJobGaveItBack_ReusesTheSameUpscaler()
    {
        using UpscalerPool pool = NewPool(TimeSpan.FromMinutes(5));
        var log = new List<string>();
        IUpscaler first;
        using (UpscalerLease lease = await pool.RentAsync(Bicubic, log.Add, TestContext.Current.CancellationToken))
        {
            first = lease.Upscaler;
        }

        using UpscalerLease second = await pool.RentAsync(Bicubic with { }, log.Add, TestContext.Current.CancellationToken);

        Assert.Same(first, second.Upscaler);
        Assert.Equal(1, _built);
        Assert.Contains(log, line => line.Contains("reusing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rent_ADifferentRequest_BuildsAnotherUpscaler()
    {
        using UpscalerPool pool = NewPool(TimeSpan.FromMinutes(5));
        (await pool.RentAsync(Bicubic, _ => { }, TestContext.Current.CancellationToken)).Dispose();

        using UpscalerLease other = await pool.RentAsync(Bicubic with { Scale = 3 }, _ => { }, TestContext.Current.CancellationToken);

        Assert.Equal(3, other.Upscaler.Scale);
        Assert.Equal(2, _built);
        Assert.Equal(1, pool.IdleCount);
    }

    [Fact]
    public async Task Rent_TwoJobsAtOnce_GetAnUpscalerEach()
    {
        using UpscalerPool pool = NewPool(TimeSpan.FromMinutes(5));

        using UpscalerLease a = await pool.RentAsync(Bicubic, _ => { }, TestContext.Current.CancellationToken);
        using UpscalerLease b = await pool.RentAsync(Bicubic, _ => { }, TestContext.Current.CancellationToken);

        Assert.NotSame(a.Upscaler, b.Upscaler);
    }

    [Fact]
    public async Task Lease_DisposedTwice_GivesTheUpscalerBackOnce()
    {
        using UpscalerPool pool = NewPool(TimeSpan.FromMinutes(5));
        UpscalerLease lease = await pool.RentAsync(Bicubic, _ => { }, TestContext.Current.CancellationToken);

        lease.Dispose();
        lease.Dispose();

        Assert.Equal(1, pool.IdleCount);
    }

    [Fact]
    public async Task Trim_AfterTheIdleTimeout_DisposesTheIdleSession()
    {
        using UpscalerPool pool = NewPool(TimeSpan.FromMinutes(5));
        IUpscaler upscaler;
        using (UpscalerLease lease = await pool.RentAsync(SmallBsrn, _ => { }, TestContext.Current.CancellationToken))
        {
            upscaler = lease.Upscaler;
        }

        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, pool.Trim());
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, pool.Trim());

        Assert.Equal(0, pool.IdleCount);
        var frames = new FramePool(16, 16);
        var outputs = new FramePool(64, 64);
        using RgbFrame input = frames.Rent();
        using RgbFrame output = outputs.Rent();
        Assert.Throws<ObjectDisposedException>(() => upscaler.Upscale([input], [output], CancellationToken.None));
    }

    [Fact]
    public async Task Return_WithZeroIdleTimeout_DisposesAtOnce()
    {
        using UpscalerPool pool = NewPool(TimeSpan.Zero);

        (await pool.RentAsync(Bicubic, _ => { }, TestContext.Current.CancellationToken)).Dispose();

        Assert.Equal(0, pool.IdleCount);
    }

    private UpscalerPool NewPool(TimeSpan idleTimeout) => new(
        (request, log, ct) =>
        {
            Interlocked.Increment(ref _built);
            return UpscalerFactory.CreateAsync(request, log, ct);
        },
        idleTimeout,
        _clock);

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
