using System.Globalization;
using BsrnVideo.Encode;
using BsrnVideo.Infer;
using BsrnVideo.Pipeline.Live;

namespace BsrnVideo.Service.Jobs;

/// <summary>
/// Checks a job request against the service's rules: URL schemes on the allow-lists, local files only inside the
/// media root (after following links), values in range. Every problem names its field, as the JSON path would
/// (<c>input</c>, <c>live.queueFrames</c>).
/// </summary>
public sealed class JobRequestValidator
{
    private static readonly Dictionary<string, string> s_protocolWhitelist = new(StringComparer.Ordinal)
    {
        ["udp"] = "udp",
        ["rtp"] = "rtp,udp",
        ["srt"] = "srt",
        ["rtmp"] = "rtmp,tcp",
        ["http"] = "http,tcp",
        ["https"] = "https,http,tcp,tls,crypto",
        ["file"] = "file",
    };

    private static readonly Dictionary<string, string> s_outputFormats = new(StringComparer.Ordinal)
    {
        ["udp"] = "mpegts",
        ["srt"] = "mpegts",
        ["rtmp"] = "flv",
    };

    private readonly ServiceOptions _options;

    public JobRequestValidator(ServiceOptions options)
    {
        _options = options;
    }

    /// <summary>The plan for a valid request; otherwise null and the problems by field.</summary>
    public JobPlan? Validate(CreateJobRequest request, string id, out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var problems = errors;
        void Fail(string field, string message) => problems[field] = [message];

        (string Url, string Display, string Whitelist)? input = CheckInput(request.Input, Fail);
        (string Target, string? Format, string Display)? output = CheckOutput(request.Output ?? "hls", id, Fail);

        int scale = request.Scale ?? _options.DefaultScale;
        if (scale is < 1 or > 32)
        {
            Fail("scale", "scale must be a whole number from 1 to 32 (bsrn: 2, 3 or 4).");
        }

        int batch = request.Batch ?? 1;
        if (batch is < 1 or > 64)
        {
            Fail("batch", "batch must be from 1 to 64 frames per inference call.");
        }

        string model = request.Model ?? _options.DefaultModel;
        if (model.Length == 0 || model.Contains('/', StringComparison.Ordinal) || model.Contains('\\', StringComparison.Ordinal))
        {
            Fail("model", "model must be a model name (bsrn, bsrn-s, bicubic); paths are not accepted through the API.");
        }

        string device = request.Device ?? _options.DefaultDevice;
        if (device is not ("auto" or "cpu" or "cuda") && !(device.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(device.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            Fail("device", "device must be auto, cpu, cuda or cuda:N.");
        }

        LiveSettings live = request.Live ?? new LiveSettings();
        string overload = live.Overload ?? _options.Overload;
        if (overload is not ("drop" or "bicubic"))
        {
            Fail("live.overload", "live.overload must be drop or bicubic.");
        }

        int queue = live.QueueFrames ?? Math.Max(4, batch);
        if (queue is < 1 or > 256)
        {
            Fail("live.queueFrames", "live.queueFrames must be from 1 to 256.");
        }

        double segment = live.HlsSegmentSeconds ?? _options.HlsSegmentSeconds;
        if (segment is < 0.5 or > 30 || double.IsNaN(segment))
        {
            Fail("live.hlsSegmentSeconds", "live.hlsSegmentSeconds must be from 0.5 to 30.");
        }

        int listSize = live.HlsListSize ?? _options.HlsListSize;
        if (listSize is < 0 or > 1000)
        {
            Fail("live.hlsListSize", "live.hlsListSize must be from 0 (keep all) to 1000.");
        }

        EncoderRequest encoder = request.Encoder ?? new EncoderRequest();
        if (encoder.Crf is < 0 or > 63)
        {
            Fail("encoder.crf", "encoder.crf must be from 0 to 63.");
        }

        if (encoder.Codec is { } codec && !IsName(codec))
        {
            Fail("encoder.codec", "encoder.codec must be an FFmpeg encoder name such as libx264.");
        }

        if (encoder.Preset is { } preset && !IsName(preset))
        {
            Fail("encoder.preset", "encoder.preset must be a preset name such as veryfast.");
        }

        if (errors.Count > 0 || input is null || output is null)
        {
            return null;
        }

        bool hls = output.Value.Format == "hls";
        string? folder = hls ? Path.GetDirectoryName(output.Value.Target) : null;
        Dictionary<string, string>? muxerOptions = hls
            ? new(StringComparer.Ordinal)
            {
                ["hls_time"] = segment.ToString(CultureInfo.InvariantCulture),
                ["hls_list_size"] = listSize.ToString(CultureInfo.InvariantCulture),
                ["hls_flags"] = listSize > 0 ? "delete_segments+independent_segments" : "independent_segments",
                ["hls_segment_filename"] = Path.Combine(folder!, "segment_%05d.ts"),
            }
            : null;

        return new JobPlan
        {
            Id = id,
            DisplayInput = input.Value.Display,
            DisplayOutput = output.Value.Display,
            HlsPath = hls ? $"/hls/{id}/index.m3u8" : null,
            HlsFolder = folder,
            Upscaler = new UpscalerRequest { Model = model, Scale = scale, Device = device, Batch = batch },
            Live = new LiveJobOptions
            {
                Input = input.Value.Url,
                InputOptions = new Dictionary<string, string>(StringComparer.Ordinal) { ["protocol_whitelist"] = input.Value.Whitelist },
                Output = output.Value.Target,
                Format = output.Value.Format,
                MuxerOptions = muxerOptions,
                Batch = batch,
                QueueFrames = queue,
                Overload = overload == "bicubic" ? OverloadPolicy.Bicubic : OverloadPolicy.Drop,
                Pace = live.Pace ?? true,
                Reconnect = live.Reconnect ?? true,
                NoAudio = !(live.Audio ?? true),
                MaxInputPixels = _options.MaxInputPixels,
                Encoder = new EncoderSettings { Codec = encoder.Codec, Crf = encoder.Crf, Preset = encoder.Preset },
            },
        };
    }

    private (string Url, string Display, string Whitelist)? CheckInput(string? input, Action<string, string> fail)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            fail("input", "input is required: a stream URL such as udp://127.0.0.1:5000, or a file inside the media root.");
            return null;
        }

        if (!input.Contains("://", StringComparison.Ordinal))
        {
            return CheckLocalInput(input, fail);
        }

        if (!Uri.TryCreate(input, UriKind.Absolute, out Uri? uri))
        {
            fail("input", $"input is not a valid URL: '{input}'.");
            return null;
        }

        string scheme = uri.Scheme.ToLowerInvariant();
        if (!_options.InputSchemes.Contains(scheme, StringComparer.OrdinalIgnoreCase) || !s_protocolWhitelist.TryGetValue(scheme, out string? whitelist))
        {
            fail("input", $"input scheme '{scheme}' is not allowed; allowed: {string.Join(", ", _options.InputSchemes)}.");
            return null;
        }

        if (scheme == "file")
        {
            return CheckLocalInput(uri.LocalPath, fail);
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            fail("input", $"input needs a host: '{Redact(uri)}'.");
            return null;
        }

        return (input, Redact(uri), whitelist);
    }

    private (string Url, string Display, string Whitelist)? CheckLocalInput(string path, Action<string, string> fail)
    {
        string? full = InsideMediaRoot(path, "input", fail);
        if (full is null)
        {
            return null;
        }

        if (!File.Exists(full))
        {
            fail("input", $"input: no such file in the media root: {path}.");
            return null;
        }

        return (full, full, "file");
    }

    private (string Target, string? Format, string Display)? CheckOutput(string output, string id, Action<string, string> fail)
    {
        if (string.Equals(output, "hls", StringComparison.Ordinal))
        {
            string folder = Path.Combine(Path.GetFullPath(_options.HlsRoot), id);
            return (Path.Combine(folder, "index.m3u8"), "hls", "hls");
        }

        if (!output.Contains("://", StringComparison.Ordinal))
        {
            return CheckLocalOutput(output, fail);
        }

        if (!Uri.TryCreate(output, UriKind.Absolute, out Uri? uri))
        {
            fail("output", $"output is not a valid URL: '{output}'.");
            return null;
        }

        string scheme = uri.Scheme.ToLowerInvariant();
        if (!_options.OutputSchemes.Contains(scheme, StringComparer.OrdinalIgnoreCase) || (scheme != "file" && !s_outputFormats.ContainsKey(scheme)))
        {
            fail("output", $"output scheme '{scheme}' is not allowed; use \"hls\" or one of: {string.Join(", ", _options.OutputSchemes)}.");
            return null;
        }

        if (scheme == "file")
        {
            return CheckLocalOutput(uri.LocalPath, fail);
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            fail("output", $"output needs a host: '{Redact(uri)}'.");
            return null;
        }

        return (output, s_outputFormats[scheme], Redact(uri));
    }

    private (string Target, string? Format, string Display)? CheckLocalOutput(string path, Action<string, string> fail)
    {
        string? full = InsideMediaRoot(path, "output", fail);
        if (full is null)
        {
            return null;
        }

        if (File.Exists(full) || Directory.Exists(full))
        {
            fail("output", $"output: {path} already exists in the media root; choose a new name.");
            return null;
        }

        if (!Directory.Exists(Path.GetDirectoryName(full)))
        {
            fail("output", $"output: the folder for {path} does not exist in the media root.");
            return null;
        }

        return (full, null, full);
    }

    /// <summary>The full path when <paramref name="path"/> (relative to the root, or absolute) lies inside the media root, links followed.</summary>
    private string? InsideMediaRoot(string path, string field, Action<string, string> fail)
    {
        if (string.IsNullOrEmpty(_options.MediaRoot))
        {
            fail(field, $"{field}: local files are disabled on this service (no media root is configured).");
            return null;
        }

        string root = Resolve(Path.GetFullPath(_options.MediaRoot));
        string full;
        try
        {
            full = Resolve(Path.GetFullPath(path, root));
        }
        catch (Exception e) when (e is ArgumentException or IOException or NotSupportedException)
        {
            fail(field, $"{field}: '{path}' is not a usable path.");
            return null;
        }

        string prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, StringComparison.Ordinal))
        {
            fail(field, $"{field}: '{path}' is outside the media root; only files under the media root may be used.");
            return null;
        }

        return full;
    }

    /// <summary>Follows links in every part of the path that exists, so a link inside the root cannot point outside it.</summary>
    private static string Resolve(string full)
    {
        string? existing = full;
        string rest = string.Empty;
        while (existing is not null && !Path.Exists(existing))
        {
            rest = Path.Combine(Path.GetFileName(existing), rest);
            existing = Path.GetDirectoryName(existing);
        }

        if (existing is null)
        {
            return full;
        }

        string resolved = existing;
        var parts = new List<string>();
        for (string? p = existing; p is not null; p = Path.GetDirectoryName(p))
        {
            parts.Insert(0, p);
        }

        // Resolve from the top down: each existing component may itself be a link.
        resolved = parts[0];
        for (int i = 1; i < parts.Count; i++)
        {
            string next = Path.Combine(resolved, Path.GetFileName(parts[i]));
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            resolved = info.LinkTarget is not null ? (info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? next) : next;
        }

        return rest.Length == 0 ? resolved : Path.Combine(resolved, rest.TrimEnd(Path.DirectorySeparatorChar));
    }

    private static bool IsName(string value) => value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    private static string Redact(Uri uri) =>
        string.IsNullOrEmpty(uri.UserInfo) ? uri.OriginalString : uri.OriginalString.Replace(uri.UserInfo + "@", "***@", StringComparison.Ordinal);
}
