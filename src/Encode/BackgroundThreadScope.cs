using System.Runtime.InteropServices;

namespace BsrnVideo.Encode;

/// <summary>
/// Lowers the calling thread's scheduling priority (Linux nice value) for a scope. Threads an encoder creates while
/// it is opened inherit the value, so on a machine whose cores are all busy with inference the encoder's worker
/// threads run in the gaps instead of stalling the network's parallel operators (one preempted ORT worker holds up
/// every other one at the next barrier). No effect where the call is unavailable.
/// </summary>
internal sealed partial class BackgroundThreadScope : IDisposable
{
    private const int PrioProcess = 0;
    private const int SysGettid = 186; // x86-64
    private readonly int _threadId;
    private readonly int _previous;
    private readonly bool _changed;

    public BackgroundThreadScope(int nice)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return;
        }

        try
        {
            _threadId = (int)syscall(SysGettid);
            Marshal.SetLastPInvokeError(0);
            _previous = getpriority(PrioProcess, (uint)_threadId);
            _changed = setpriority(PrioProcess, (uint)_threadId, nice) == 0;
        }
        catch (EntryPointNotFoundException)
        {
        }
        catch (DllNotFoundException)
        {
        }
    }

    public void Dispose()
    {
        if (_changed)
        {
            // Lowering back may need privileges a normal user lacks; then the thread simply stays lower.
            _ = setpriority(PrioProcess, (uint)_threadId, _previous);
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getpriority(int which, uint who);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setpriority(int which, uint who, int prio);
}
