using System.Runtime.InteropServices;
using BsrnVideo.FFmpeg.Handles;
using BsrnVideo.FFmpeg.Native;

namespace BsrnVideo.FFmpeg;

/// <summary>
/// An open input (file path or any URL libavformat reads): owns the <c>AVFormatContext</c>, lists its streams,
/// reads packets. Blocking reads are interruptible: <see cref="Interrupt"/> (or the token given to
/// <see cref="Open"/>) makes FFmpeg's I/O return <c>AVERROR_EXIT</c> at its next check.
/// </summary>
public sealed unsafe class MediaInput : IDisposable
{
    private readonly AvInputFormatHandle _handle;
    private readonly CancellationTokenRegistration _registration;
    private GCHandle _self;
    private volatile bool _interrupted;

    private MediaInput(string url, IReadOnlyDictionary<string, string>? options, CancellationToken cancellationToken)
    {
        Url = url;
        _self = GCHandle.Alloc(this, GCHandleType.Weak);
        AVFormatContext* context = LibAvFormat.avformat_alloc_context();
        if (context is null)
        {
            _self.Free();
            AvResult.Throw(AvConstants.AVERROR_ENOMEM, "avformat_alloc_context");
        }

        context->interrupt_callback.callback = &OnInterruptCheck;
        context->interrupt_callback.opaque = GCHandle.ToIntPtr(_self);
        _registration = cancellationToken.Register(static s => ((MediaInput)s!).Interrupt(), this);

        AVDictionary* dictionary = AvDictionary.From(options);
        try
        {
            // On failure avformat_open_input frees the context itself.
            AvResult.ThrowIfError(LibAvFormat.avformat_open_input(&context, url, null, &dictionary), "opening the input");
        }
        catch
        {
            _registration.Dispose();
            _self.Free();
            throw;
        }
        finally
        {
            LibAvUtil.av_dict_free(&dictionary);
        }

        _handle = new AvInputFormatHandle(context);
        try
        {
            AvResult.ThrowIfError(LibAvFormat.avformat_find_stream_info(context, null), "reading the stream parameters");
            var streams = new MediaStream[context->nb_streams];
            for (int i = 0; i < streams.Length; i++)
            {
                streams[i] = new MediaStream(this, context->streams[i]);
            }

            Streams = streams;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Url { get; }

    public IReadOnlyList<MediaStream> Streams { get; } = [];

    /// <summary>The demuxer's short name, e.g. "mov,mp4,m4a,3gp,3g2,mj2" or "image2".</summary>
    public string FormatName => Utf8.From(Context->iformat->name);

    /// <summary>Container duration in seconds, or null when unknown (live streams).</summary>
    public double? DurationSeconds => Context->duration <= 0 ? null : Context->duration / 1_000_000.0;

    internal AVFormatContext* Context => _handle.Pointer;

    /// <summary>Opens <paramref name="url"/>; throws <see cref="AvException"/> with FFmpeg's reason when it cannot.</summary>
    public static MediaInput Open(string url, IReadOnlyDictionary<string, string>? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        LibAvLoader.EnsureCompatible();
        return new MediaInput(url, options, cancellationToken);
    }

    /// <summary>The best video stream (FFmpeg's own choice), skipping cover art; null when there is none.</summary>
    public MediaStream? FindBestVideoStream()
    {
        int index = LibAvFormat.av_find_best_stream(Context, AVMediaType.Video, -1, -1, null, 0);
        if (index >= 0 && !Streams[index].IsAttachedPicture)
        {
            return Streams[index];
        }

        return Streams.FirstOrDefault(s => s.Kind == MediaKind.Video && !s.IsAttachedPicture);
    }

    /// <summary>Reads the next packet into <paramref name="packet"/>: Ok, or EndOfFile; errors throw.</summary>
    public AvStatus ReadPacket(MediaPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        packet.Unref();
        int result = LibAvFormat.av_read_frame(Context, packet.Pointer);
        if (result == AvConstants.AVERROR_EXIT && _interrupted)
        {
            throw new OperationCanceledException("Reading the input was cancelled.");
        }

        return AvResult.ToStatus(result, "reading a packet");
    }

    /// <summary>
    /// For containers that index every sample by its byte position (mp4/mov): where the indexed data ends and how
    /// large the file is. A file cut short (an interrupted download or copy) has an index pointing past its end.
    /// False when the container has no such index or the size is unknown (streams, pipes).
    /// </summary>
    public bool TryGetIndexedExtent(out long indexedEnd, out long fileSize)
    {
        indexedEnd = 0;
        fileSize = 0;
        AVFormatContext* context = Context;
        if (context->pb is null || !FormatName.StartsWith("mov,", StringComparison.Ordinal))
        {
            return false;
        }

        fileSize = LibAvFormat.avio_size(context->pb);
        if (fileSize <= 0)
        {
            return false;
        }

        for (int s = 0; s < Streams.Count; s++)
        {
            AVStream* stream = Streams[s].Pointer;
            int count = LibAvFormat.avformat_index_get_entries_count(stream);
            for (int i = 0; i < count; i++)
            {
                AVIndexEntry* entry = LibAvFormat.avformat_index_get_entry(stream, i);
                if (entry is not null && entry->pos >= 0)
                {
                    indexedEnd = Math.Max(indexedEnd, entry->pos + entry->size);
                }
            }
        }

        return indexedEnd > 0;
    }

    /// <summary>Makes blocking FFmpeg I/O on this input return as soon as it next checks (thread-safe).</summary>
    public void Interrupt() => _interrupted = true;

    public void Dispose()
    {
        _registration.Dispose();
        _handle?.Dispose();
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    [UnmanagedCallersOnly]
    private static int OnInterruptCheck(nint opaque)
    {
        object? target = GCHandle.FromIntPtr(opaque).Target;
        return target is MediaInput { _interrupted: true } ? 1 : 0;
    }
}
