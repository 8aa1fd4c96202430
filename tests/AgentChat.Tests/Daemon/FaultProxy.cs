using System.Net;
using System.Net.Sockets;

namespace AgentChat.Tests.Daemon;

/// <summary>
/// A loopback TCP proxy in front of the real homeserver, for faults Synapse cannot show: <see cref="Hang"/> stops
/// forwarding (connections stay open, bytes are held, nothing answers) until <see cref="Resume"/>;
/// <see cref="Refuse"/> resets every connection at once; <see cref="HoldAnswers"/> lets requests reach the homeserver but
/// holds its answers (a PUT that lands while its sender hears nothing).
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Task _accepting;
    private TaskCompletionSource _open = NewGate(open: true);
    private TaskCompletionSource _answers = NewGate(open: true);
    private volatile bool _refusing;

    public FaultProxy(Uri upstream)
    {
        _upstream = upstream;
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri Url { get; }

    /// <summary>From now on nothing goes through in either direction, and nothing is closed.</summary>
    public void Hang()
    {
        lock (_lock) if (_open.Task.IsCompleted) _open = NewGate(open: false);
    }

    /// <summary>From now on requests still reach the homeserver, but nothing it answers comes back, and nothing is closed.</summary>
    public void HoldAnswers()
    {
        lock (_lock) if (_answers.Task.IsCompleted) _answers = NewGate(open: false);
    }

    /// <summary>Every open connection is reset and new ones are reset on arrival: a fast, transient failure.</summary>
    public void Refuse()
    {
        _refusing = true;
        lock (_lock)
        {
            foreach (var c in _connections) Reset(c);
            _connections.Clear();
        }
    }

    /// <summary>Forwards again, held bytes first.</summary>
    public void Resume()
    {
        _refusing = false;
        lock (_lock)
        {
            _open.TrySetResult();
            _answers.TrySetResult();
        }
    }

    private static TaskCompletionSource NewGate(bool open)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open) gate.SetResult();
        return gate;
    }

    private Task Gate
    {
        get { lock (_lock) return _open.Task; }
    }

    private Task AnswerGate
    {
        get { lock (_lock) return Task.WhenAll(_open.Task, _answers.Task); }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            if (_refusing)
            {
                Reset(client);
                continue;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        lock (_lock)
        {
            // Accepted just as Refuse ran (after its check in AcceptAsync, before Refuse took the lock): reset it too,
            // or a kept-alive connection would carry every later request through the outage.
            if (_refusing)
            {
                Reset(client);
                client.Dispose();
                return;
            }
            _connections.Add(client);
            _connections.Add(upstream);
        }
        try
        {
            await Gate.WaitAsync(_stop.Token);
            await upstream.ConnectAsync(_upstream.Host, _upstream.Port, _stop.Token);
            using var pair = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var a = PumpAsync(client.GetStream(), upstream.GetStream(), upstream.Client, () => Gate, pair.Token);
            var b = PumpAsync(upstream.GetStream(), client.GetStream(), client.Client, () => AnswerGate, pair.Token);
            await Task.WhenAll(a, b);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            lock (_lock)
            {
                _connections.Remove(client);
                _connections.Remove(upstream);
            }
            client.Dispose();
        }
    }

    private static async Task PumpAsync(NetworkStream from, NetworkStream to, Socket toSocket, Func<Task> gate, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var n = await from.ReadAsync(buffer, ct);
                await gate().WaitAsync(ct);
                if (n == 0)
                {
                    toSocket.Shutdown(SocketShutdown.Send);
                    return;
                }
                await to.WriteAsync(buffer.AsMemory(0, n), ct);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            toSocket.Close();
        }
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            client.Client.LingerState = new LingerOption(true, 0);
            client.Dispose();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_lock)
        {
            foreach (var c in _connections) c.Dispose();
        }
        _stop.Dispose();
    }
}
