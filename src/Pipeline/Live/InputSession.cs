using BsrnVideo.Decode;
using BsrnVideo.FFmpeg;

namespace BsrnVideo.Pipeline.Live;

/// <summary>One connection to a live input: the open input, its video stream and a decoder for it.</summary>
internal sealed class InputSession : IDisposable
{
    private InputSession(MediaInput input, MediaStream video, VideoDecoder decoder)
    {
        Input = input;
        Video = video;
        Decoder = decoder;
    }

    public MediaInput Input { get; }

    public MediaStream Video { get; }

    public VideoDecoder Decoder { get; }

    /// <summary>Input stream index to output stream index, for the streams copied into the output (audio).</summary>
    public Dictionary<int, int> CopiedStreams { get; } = [];

    /// <summary>Opens the input (blocking; <paramref name="cancellationToken"/> interrupts FFmpeg's I/O).</summary>
    /// <exception cref="DecodeException">The input cannot be opened or has no video.</exception>
    public static InputSession Open(LiveJobOptions options, CancellationToken cancellationToken)
    {
        MediaInput input;
        try
        {
            input = MediaInput.Open(options.Input, InputOptionsFor(options), cancellationToken);
        }
        catch (AvException e)
        {
            throw new DecodeException($"{options.Input}: cannot be opened: {e.FFmpegMessage}.", e);
        }

        try
        {
            MediaStream video = input.FindBestVideoStream()
                ?? throw new LiveInputRejectedException($"{options.Input}: has no video stream.");
            return new InputSession(input, video, new VideoDecoder(video, options.DecoderThreads));
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Decoder.Dispose();
        Input.Dispose();
    }

    /// <summary>
    /// Live defaults under the caller's options: a read timeout so a silent input counts as dropped, a short
    /// probe so the job starts within a second or two, and for UDP a large receive FIFO that never blocks the sender.
    /// </summary>
    internal static Dictionary<string, string> InputOptionsFor(LiveJobOptions options)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (LiveJob.IsNetwork(options.Input))
        {
            string timeout = ((long)options.ReadTimeout.TotalMicroseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            result["rw_timeout"] = timeout;
            result["analyzeduration"] = "1500000";
            if (options.Input.StartsWith("udp:", StringComparison.OrdinalIgnoreCase) || options.Input.StartsWith("rtp:", StringComparison.OrdinalIgnoreCase))
            {
                // UDP reads through a receive thread that rw_timeout does not see; its own timeout (µs) does.
                result["timeout"] = timeout;
                result["overrun_nonfatal"] = "1";
                result["fifo_size"] = "100000";
                result["buffer_size"] = "4194304";
            }
        }

        if (options.InputOptions is not null)
        {
            foreach ((string key, string value) in options.InputOptions)
            {
                result[key] = value;
            }
        }

        return result;
    }
}
