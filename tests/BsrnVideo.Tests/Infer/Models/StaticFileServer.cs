using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace BsrnVideo.Tests.Infer.Models;

/// <summary>
/// A real HTTP server on 127.0.0.1 (<see cref="HttpListener"/>) that serves fixed bytes by file name, answers 404
/// otherwise, and counts requests per path.
/// </summary>
internal sealed class StaticFileServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly IReadOnlyDictionary<string, byte[]> _files;
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private readonly CancellationTokenSource _stopping = new();
    private readonly int? _stallAfterBytes;

    /// <param name="files">Bodies by file name, served under <see cref="BaseUrl"/>.</param>
    /// <param name="stallAfterBytes">If set, send only this many bytes of a body (announcing its full length) and then wait until disposed.</param>
    public StaticFileServer(IReadOnlyDictionary<string, byte[]> files, int? stallAfterBytes = null)
    {
        _files = files;
        _stallAfterBytes = stallAfterBytes;
        (_listener, BaseUrl) = Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The folder address, ending in <c>/models/</c>, under which the files are served.</summary>
    public Uri BaseUrl { get; }

    public int RequestCount => _requests.Values.Sum();

    public int RequestsFor(string fileName) => _requests.GetValueOrDefault("/models/" + fileName);

    /// <summary>An address on 127.0.0.1 where nothing listens (a port just released), so connecting is refused.</summary>
    public static Uri UnreachableUrl()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        int port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return new Uri($"http://127.0.0.1:{port}/models/");
    }

    public void Dispose()
    {
        _stopping.Cancel();

        // Close alone: Stop() then Close() makes the managed HttpListener re-bind the port it just freed, which
        // another test's socket may already hold ("Address already in use").
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends with an exception when the listener stops.
        }

        _stopping.Dispose();
    }

    private static (HttpListener Listener, Uri BaseUrl) Start()
    {
        // HttpListener cannot bind port 0, so take a free port from the OS and retry if someone grabs it first.
        for (int attempt = 0; ; attempt++)
        {
            Uri url = UnreachableUrl();
            var listener = new HttpListener();
            listener.Prefixes.Add(url.AbsoluteUri);
            try
            {
                listener.Start();
                return (listener, url);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                listener.Close();
            }
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            string path = context.Request.Url!.AbsolutePath;
            _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
            try
            {
                if (path.StartsWith("/models/", StringComparison.Ordinal) && _files.TryGetValue(path["/models/".Length..], out byte[]? body))
                {
                    context.Response.StatusCode = 200;
                    context.Response.ContentType = "application/octet-stream";
                    context.Response.ContentLength64 = body.Length;
                    if (_stallAfterBytes is int sent)
                    {
                        await context.Response.OutputStream.WriteAsync(body.AsMemory(0, sent));
                        await context.Response.OutputStream.FlushAsync();
                        await Task.Delay(Timeout.Infinite, _stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                        context.Response.Abort();
                        continue;
                    }

                    await context.Response.OutputStream.WriteAsync(body);
                }
                else
                {
                    context.Response.StatusCode = 404;
                }

                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away; keep serving.
            }
        }
    }
}
