using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace BsrnVideo.Infer.Models;

/// <summary>
/// Fetches one checkpoint over HTTP into a target path: streams to a temp file while hashing, checks the size and
/// SHA-256 against the catalogue, and only then renames it into place. A failed or corrupted download leaves nothing.
/// </summary>
internal sealed class CheckpointDownloader
{
    private const int BufferSize = 1 << 16;
    private static readonly ProductInfoHeaderValue s_userAgent = new("bsrn-video", "1.0");

    private readonly HttpClient _httpClient;
    private readonly TimeSpan _stallTimeout;

    /// <param name="httpClient">The client to download with.</param>
    /// <param name="stallTimeout">How long the body may send nothing before the download is abandoned.</param>
    public CheckpointDownloader(HttpClient httpClient, TimeSpan stallTimeout)
    {
        _httpClient = httpClient;
        _stallTimeout = stallTimeout;
    }

    /// <summary>
    /// Downloads <paramref name="url"/> to <paramref name="targetPath"/> and returns its SHA-256. Network failures
    /// surface as <see cref="HttpRequestException"/> or <see cref="IOException"/>; a hash or size mismatch as
    /// <see cref="InferenceException"/>.
    /// </summary>
    public async Task<string> DownloadAsync(
        Uri url, ModelInfo model, string targetPath, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.UserAgent.Add(s_userAgent);
        using HttpResponseMessage response = await _httpClient
            .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();

        long? total = response.Content.Headers.ContentLength ?? model.SizeBytes;
        await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using AtomicFileWriter writer = AtomicFileWriter.Create(targetPath);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[BufferSize];
        long received = 0;
        progress?.Report(new DownloadProgress(0, total));
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        int read;
        while ((read = await ReadAsync(body, buffer, stall, url, cancellationToken).ConfigureAwait(false)) > 0)
        {
            received += read;
            if (received > model.SizeBytes)
            {
                throw new InferenceException(
                    $"Download of {url} was stopped: the server sent more than the {model.SizeBytes} bytes of {model.FileName}.");
            }

            hash.AppendData(buffer, 0, read);
            await writer.Stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            progress?.Report(new DownloadProgress(received, total));
        }

        string actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (!string.Equals(actual, model.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InferenceException(
                CheckpointVerifier.MismatchMessage(url.AbsoluteUri, model, actual) +
                $" ({received} bytes received). The download was discarded; nothing was written to {Path.GetDirectoryName(targetPath)}.");
        }

        writer.Commit();
        return actual;
    }

    /// <summary>One read of the body that fails with <see cref="IOException"/> if no byte comes for the stall timeout.</summary>
    private async Task<int> ReadAsync(
        Stream body, byte[] buffer, CancellationTokenSource stall, Uri url, CancellationToken cancellationToken)
    {
        stall.CancelAfter(_stallTimeout);
        try
        {
            return await body.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException(string.Create(CultureInfo.InvariantCulture, $"no data received from {url.Host} for {_stallTimeout.TotalSeconds:0.###} s"), e);
        }
    }
}
