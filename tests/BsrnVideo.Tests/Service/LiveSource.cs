using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Service;

/// <summary>
/// A real live stream: the ffmpeg CLI pushing a small cut of Big Buck Bunny (160x90, 25 fps, AAC audio) in real
/// time (<c>-re</c>) as MPEG-TS over UDP to 127.0.0.1.
/// </summary>
internal sealed class LiveSource : IDisposable
{
    public const int Width = 160;
    public const int Height = 90;
    public const int FramesPerSecond = 25;

    private readonly Process _process;

    private LiveSource(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"udp://127.0.0.1:{Port}";

    /// <summary>The clip pushed (made once per test run; its size and rate are the constants above).</summary>
    public static string Clip => TestClips.BigBuckBunnyLive160x90;

    /// <summary>Video frames in <see cref="Clip"/> (what one push sends).</summary>
    public static int ClipFrames => int.Parse(
        ExternalTool.Run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=nb_frames", "-of", "csv=p=0", Clip]).Trim(),
        System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A UDP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreeUdpPort()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }

    /// <summary>Starts pushing the clip in real time, <paramref name="loops"/> times over (1: once, about 6 s).</summary>
    public static LiveSource Push(int port, int loops = 1)
    {
        var info = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-stream_loop", (loops - 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-i", Clip, "-c", "copy", "-f", "mpegts", $"udp://127.0.0.1:{port}?pkt_size=1316"])
        {
            info.ArgumentList.Add(argument);
        }

        Process process = Process.Start(info) ?? throw new InvalidOperationException("Could not start ffmpeg.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return new LiveSource(process, port);
    }

    public bool HasExited => _process.HasExited;

    public async Task WaitForExitAsync(CancellationToken cancellationToken) => await _process.WaitForExitAsync(cancellationToken);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
