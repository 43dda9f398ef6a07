using BsrnVideo.Frames;

namespace BsrnVideo.Tests.Frames;

public sealed class FramePoolTests
{
    [Fact]
    public void Rent_WithinCapacity_AllocatesNothing()
    {
        var pool = new FramePool(160, 90, capacity: 4);
        Assert.Equal(4, pool.Created);
        var frames = new RgbFrame[4];

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < frames.Length; i++)
        {
            frames[i] = pool.Rent();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1024, $"renting 4 frames of a 4-frame pool allocated {allocated} bytes");
        Assert.Equal((4, 4), (pool.Created, pool.Outstanding));
        foreach (RgbFrame frame in frames)
        {
            frame.Dispose();
        }

        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void Rent_PastCapacity_GrowsOnDemand()
    {
        var pool = new FramePool(8, 8, capacity: 1);

        using RgbFrame first = pool.Rent();
        using RgbFrame second = pool.Rent();

        Assert.Equal((2, 2), (pool.Created, pool.Outstanding));
        Assert.NotSame(first, second);
    }

    [Fact]
    public void Dispose_Twice_ReturnsTheFrameOnce()
    {
        var pool = new FramePool(8, 8);
        RgbFrame frame = pool.Rent();

        frame.Dispose();
        frame.Dispose();

        Assert.Equal(0, pool.Outstanding);
        using RgbFrame again = pool.Rent();
        using RgbFrame other = pool.Rent();
        Assert.Same(frame, again);
        Assert.NotSame(again, other); // the double dispose did not put it on the free list twice
        Assert.Equal(2, pool.Created);
    }
}
