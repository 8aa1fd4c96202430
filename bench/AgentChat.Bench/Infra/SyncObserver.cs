using System.Text.Json;

namespace AgentChat.Bench.Infra;

/// <summary>A client that keeps a /sync long-poll open and counts what it receives.</summary>
internal sealed class SyncObserver(RawMatrix raw, string token, string? filter)
{
    private long _bytes;
    private long _events;
    private long _responses;

    public long Bytes => Interlocked.Read(ref _bytes);
    public long Events => Interlocked.Read(ref _events);
    public long Responses => Interlocked.Read(ref _responses);
    public Task Loop { get; private set; } = Task.CompletedTask;

    /// <summary>Initial sync (not counted), then the long-poll loop until <paramref name="ct"/> fires.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        var (_, since) = await raw.SyncAsync(token, null, 0, filter, ct);
        Loop = Task.Run(async () =>
        {
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    var (body, next) = await raw.SyncAsync(token, since, 30_000, filter, ct);
                    since = next;
                    Interlocked.Add(ref _bytes, body.Length);
                    Interlocked.Increment(ref _responses);
                    Interlocked.Add(ref _events, CountRegistryEvents(body));
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
    }

    private static int CountRegistryEvents(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        if (!doc.RootElement.TryGetProperty("rooms", out var rooms) || !rooms.TryGetProperty("join", out var join)) return 0;
        var n = 0;
        foreach (var room in join.EnumerateObject())
        {
            foreach (var section in (string[])["timeline", "state"])
            {
                if (!room.Value.TryGetProperty(section, out var part) || !part.TryGetProperty("events", out var events)) continue;
                foreach (var e in events.EnumerateArray())
                    if (e.TryGetProperty("type", out var t) && t.GetString() == "com.aiagentchat.instance") n++;
            }
        }
        return n;
    }
}
