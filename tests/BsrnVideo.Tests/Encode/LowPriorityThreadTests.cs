using System.Globalization;
using BsrnVideo.Encode;
using BsrnVideo.Frames;
using Xunit;

namespace BsrnVideo.Tests.Encode;

public sealed class LowPriorityThreadTests
{
    private const int SchedOther = 0;
    private const int SchedIdle = 5;

    [Fact]
    public void Run_Idle_RunsTheWorkAtIdlePolicyAndLeavesTheCallerAlone()
    {
        (int Policy, int Nice) before = Stat("/proc/thread-self/stat");

        (int Policy, int Nice) inside = LowPriorityThread.Run(() => Stat("/proc/thread-self/stat"), EncoderThreadPriority.Idle);

        Assert.Equal(SchedIdle, inside.Policy);
        Assert.Equal(before, Stat("/proc/thread-self/stat"));
    }

    [Fact]
    public void Run_Low_ThreadsStartedInsideInheritNiceTen()
    {
        (int Policy, int Nice) inner = LowPriorityThread.Run(
            () =>
            {
                (int, int) result = default;
                var thread = new Thread(() => result = Stat("/proc/thread-self/stat"));
                thread.Start();
                thread.Join();
                return result;
            },
            EncoderThreadPriority.Low);

        Assert.Equal((SchedOther, 10), inner);
    }

    [Fact]
    public void Run_WorkThrows_ExceptionReachesTheCaller()
    {
        var e = Assert.Throws<InvalidOperationException>(
            () => LowPriorityThread.Run<int>(() => throw new InvalidOperationException("boom"), EncoderThreadPriority.Idle));

        Assert.Equal("boom", e.Message);
    }

    [Fact]
    public void VideoEncoder_IdlePriority_StartsX264WorkersAtIdlePolicy()
    {
        int idleBefore = IdleThreadsOfThisProcess();
        var format = new VideoFormat
        {
            Width = 160, Height = 90, PixelFormat = "yuv420p", BitDepth = 8, IsRgb = false, Color = ColorTags.Unspecified,
            TimeBase = (1, 25), FrameRate = (25, 1), SampleAspectRatio = (1, 1),
        };

        int idleWhileOpen;
        using (new VideoEncoder(new EncoderSettings { Codec = "libx264", ThreadPriority = EncoderThreadPriority.Idle }, format, 320, 180, "priority-test.mp4", globalHeader: true))
        {
            idleWhileOpen = IdleThreadsOfThisProcess();
        }

        Assert.True(idleWhileOpen > idleBefore, $"{idleWhileOpen} idle-policy threads with the encoder open, {idleBefore} before");
    }

    private static int IdleThreadsOfThisProcess() =>
        Directory.GetDirectories("/proc/self/task").Count(task =>
        {
            try
            {
                return Stat(Path.Combine(task, "stat")).Policy == SchedIdle;
            }
            catch (IOException)
            {
                return false; // the thread ended meanwhile
            }
        });

    /// <summary>A thread's scheduling policy and nice value, fields 41 and 19 of its /proc stat line.</summary>
    private static (int Policy, int Nice) Stat(string path)
    {
        string stat = File.ReadAllText(path);
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // fields from the 3rd on
        return (int.Parse(fields[41 - 3], CultureInfo.InvariantCulture), int.Parse(fields[19 - 3], CultureInfo.InvariantCulture));
    }
}
