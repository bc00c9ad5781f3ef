using System.Net;
using System.Text;

namespace Pipeline.Api.Tests.Infrastructure;

/// <summary>A webhook receiver on a local port that records every call and answers 200.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _calls = new();

    public WebhookReceiver()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(20000, 60000);
            Url = $"http://127.0.0.1:{port}/hook/";
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(Url);
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                // Port taken; try another.
            }
        }

        _ = Task.Run(ServeAsync);
    }

    public string Url { get; private set; } = "";

    public IReadOnlyList<string> Calls => [.. _calls];

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                _calls.Enqueue(await reader.ReadToEndAsync());
            }

            // Each call on a connection of its own. Under load in .ci/run, two calls failed within 50 ms with "connection reset
            // by peer", most likely on kept-alive connections that the listener had dropped, and then waited for a retry.
            context.Response.KeepAlive = false;
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
