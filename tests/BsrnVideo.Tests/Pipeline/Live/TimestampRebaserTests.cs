using BsrnVideo.Pipeline.Live;

namespace BsrnVideo.Tests.Pipeline.Live;

public sealed class TimestampRebaserTests
{
    private static readonly (int, int) s_ts = (1, 90_000);

    [Fact]
    public void MapVideo_FirstSession_StartsAtZero()
    {
        var rebaser = new TimestampRebaser(s_ts, 25);
        rebaser.BeginSession(s_ts);
        Assert.True(rebaser.TryMapVideo(126_000, out long first));
        Assert.True(rebaser.TryMapVideo(129_600, out long second));
        Assert.Equal(0, first);
        Assert.Equal(3_600, second);
    }

    [Fact]
    public void MapVideo_ReconnectWithClockStartingOver_ContinuesOneFrameAfterTheLast()
    {
        var rebaser = new TimestampRebaser(s_ts, 25);
        rebaser.BeginSession(s_ts);
        rebaser.TryMapVideo(900_000, out _);
        rebaser.TryMapVideo(903_600, out long last);

        rebaser.BeginSession(s_ts);
        Assert.True(rebaser.TryMapVideo(126_000, out long resumed));
        Assert.True(rebaser.TryMapVideo(129_600, out long next));
        Assert.Equal(last + 3_600, resumed);
        Assert.Equal(resumed + 3_600, next);
    }

    [Fact]
    public void MapVideo_TimestampGoingBack_IsRefused()
    {
        var rebaser = new TimestampRebaser(s_ts, 25);
        rebaser.BeginSession(s_ts);
        rebaser.TryMapVideo(10_000, out _);
        rebaser.TryMapVideo(13_600, out _);
        Assert.False(rebaser.TryMapVideo(12_000, out _));
    }

    [Fact]
    public void ShiftAudio_MovesByTheVideoShiftInItsOwnTimeBase_AndDropsAudioBeforeTheFirstPicture()
    {
        var rebaser = new TimestampRebaser(s_ts, 25);
        rebaser.BeginSession(s_ts);
        Assert.False(rebaser.TryShiftAudio(60_000, (1, 48_000), out _)); // no picture yet
        rebaser.TryMapVideo(90_000, out _); // video at 1.0 s -> 0
        Assert.True(rebaser.TryShiftAudio(48_000 + 4_800, (1, 48_000), out long shift)); // audio at 1.1 s
        Assert.Equal(-48_000, shift); // moved back by 1 s
        Assert.False(rebaser.TryShiftAudio(47_000, (1, 48_000), out _)); // would land before 0
    }
}
