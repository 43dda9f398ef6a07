using BsrnVideo.Pipeline.Live;

namespace BsrnVideo.Tests.Pipeline.Live;

public sealed class FramePacerTests
{
    [Fact]
    public void Next_FileReadAtOnce_ReleasesEachFrameAtItsTimestamp()
    {
        var time = new ManualTime();
        var pacer = new FramePacer(followSender: false, time);
        Assert.Equal(TimeSpan.Zero, pacer.Next(0));
        Assert.Equal(0.040, pacer.Next(0.040).TotalSeconds, 3);
        time.Advance(TimeSpan.FromMilliseconds(40));
        Assert.Equal(0.040, pacer.Next(0.080).TotalSeconds, 3);
    }

    [Fact]
    public void Next_LiveSenderBurst_IsSpreadAtTwiceRealTimeAndLeavesNoStandingDelay()
    {
        var time = new ManualTime();
        var pacer = new FramePacer(followSender: true, time);
        pacer.Next(0);

        // Ten frames arrive at once (a burst after probing): released 20 ms apart, not 40.
        double waited = 0;
        for (int i = 1; i <= 10; i++)
        {
            TimeSpan wait = pacer.Next(i * 0.040);
            Assert.Equal(0.020, wait.TotalSeconds, 3);
            time.Advance(wait);
            waited += wait.TotalSeconds;
        }

        // Once caught up, frames arriving on time go straight through.
        time.Advance(TimeSpan.FromSeconds(0.4 - waited + 0.040));
        Assert.Equal(TimeSpan.Zero, pacer.Next(0.440));
    }

    [Fact]
    public void Next_TimestampJump_RestartsTheClockInsteadOfWaiting()
    {
        var time = new ManualTime();
        var pacer = new FramePacer(followSender: false, time);
        pacer.Next(0);
        Assert.Equal(TimeSpan.Zero, pacer.Next(3600));
        Assert.Equal(0.040, pacer.Next(3600.040).TotalSeconds, 3);
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
