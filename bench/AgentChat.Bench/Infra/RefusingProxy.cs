using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AgentChat.Bench.Infra;

/// <summary>
/// (A copy of the tests' RefusingProxy.) An HTTP proxy on loopback that refuses everything (403) and records where each request wanted to go. Given to
/// Claude Code as HTTPS_PROXY/HTTP_PROXY when nonessential traffic is left on (the channel test), so its calls home
/// (feature flags, telemetry, updates) stay on this machine and fail at once; the stand-in model is reached directly
/// (NO_PROXY=127.0.0.1).
/// </summary>
internal sealed class RefusingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _targets = [];
    private readonly Task _loop;

    public RefusingProxy()
    {
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The request lines refused, e.g. <c>CONNECT api.anthropic.com:443 HTTP/1.1</c>.</summary>
    public IReadOnlyList<string> Refused { get { lock (_targets) return [.. _targets]; } }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = RefuseAsync(client);
        }
    }

    private async Task RefuseAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                using var reader = new StreamReader(client.GetStream(), Encoding.ASCII, leaveOpen: true);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                var line = await reader.ReadLineAsync(timeout.Token);
                lock (_targets) _targets.Add(line ?? "");
                while (await reader.ReadLineAsync(timeout.Token) is { Length: > 0 })
                {
                }
                await client.GetStream().WriteAsync("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), timeout.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
