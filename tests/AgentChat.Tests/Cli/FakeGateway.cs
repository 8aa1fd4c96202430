using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AgentChat.Configuration;

namespace AgentChat.Tests.Cli;

/// <summary>
/// A minimal HTTP/1.1 server on loopback port 0 standing in for a daemon's gateway, so the CLI's side of
/// the contract (discovery, bearer token, query, fallback) is tested without the daemon. Each request is
/// handed to <see cref="Handler"/>, which returns the response bytes, or null to drop the connection.
/// </summary>
internal sealed class FakeGateway : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeGateway(Func<Request, Task<byte[]?>> handler)
    {
        Handler = handler;
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    public sealed record Request(string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body);

    public Func<Request, Task<byte[]?>> Handler { get; }

    public string Token { get; } = Guid.NewGuid().ToString("N");

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public List<Request> Requests { get; } = [];

    /// <summary>Publishes this gateway the way a daemon does, in the test's runtime dir.</summary>
    public void WriteDiscoveryFile(Cchat cchat, string instance, string userId)
    {
        var dir = Path.Combine(cchat.Env["XDG_RUNTIME_DIR"]!, "agentchat");
        new DiscoveryFile(instance, userId, Url.ToString().TrimEnd('/'), Token, Environment.ProcessId).Write(DiscoveryFile.PathFor(dir, instance));
    }

    public static byte[] Json<T>(int status, T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(body, type);
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {json.Length}\r\nConnection: close\r\n\r\n");
        return [.. head, .. json];
    }

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
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream, _stop.Token);
                lock (Requests) Requests.Add(request);
                if (await Handler(request) is { } response) await stream.WriteAsync(response, _stop.Token);
                client.Client.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }

    private static async Task<Request> ReadRequestAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (buffer.Count < 4 || !(buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, ct) == 0) throw new IOException("closed");
            buffer.Add(one[0]);
        }
        var lines = Encoding.ASCII.GetString([.. buffer]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var start = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = new byte[headers.TryGetValue("Content-Length", out var length) ? int.Parse(length, System.Globalization.CultureInfo.InvariantCulture) : 0];
        await stream.ReadExactlyAsync(body, ct);
        return new Request(start[0], start[1], headers, body);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
