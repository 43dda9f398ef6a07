using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace BsrnVideo.Encode;

/// <summary>
/// Runs a call (opening an encoder) on a short-lived thread with a lower scheduling priority. Threads created with
/// pthread's defaults inherit their creator's nice value and policy, so the worker threads the encoder starts
/// there keep it (.NET's own threads take the nice value but not the policy): on a machine whose cores are
/// all busy with inference they run in the gaps instead of stalling the network's parallel operators (one
/// preempted ORT worker holds up every other one at the next barrier). Done on a thread of its own because an
/// unprivileged thread cannot raise its priority back. Where the calls are unavailable (or refused) the call just
/// runs at the normal priority.
/// </summary>
internal static partial class LowPriorityThread
{
    private const int PrioProcess = 0;
    private const int SchedIdle = 5;
    private const int SysGettid = 186; // x86-64

    public static T Run<T>(Func<T> work, EncoderThreadPriority priority)
    {
        ArgumentNullException.ThrowIfNull(work);
        T result = default!;
        ExceptionDispatchInfo? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                Lower(priority);
                result = work();
            }
#pragma warning disable CA1031 // rethrown on the caller's thread below
            catch (Exception e)
#pragma warning restore CA1031
            {
                error = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = "bsrn-encoder-open",
        };
        thread.Start();
        thread.Join();
        error?.Throw();
        return result;
    }

    private static void Lower(EncoderThreadPriority priority)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return;
        }

        try
        {
            if (priority == EncoderThreadPriority.Idle)
            {
                int parameter = 0;
                _ = sched_setscheduler(0, SchedIdle, ref parameter);
            }
            else if (priority == EncoderThreadPriority.Low)
            {
                _ = setpriority(PrioProcess, (uint)syscall(SysGettid), 10);
            }
        }
        catch (EntryPointNotFoundException)
        {
        }
        catch (DllNotFoundException)
        {
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setpriority(int which, uint who, int prio);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_setscheduler(int pid, int policy, ref int param);
}
