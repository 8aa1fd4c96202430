using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AgentChat.Archive.Service;
using AgentChat.History;
using AgentChat.Matrix;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Archive;

/// <summary>A real archive hosted in-process (history API on loopback port 0) for one reading account and one database.</summary>
internal sealed class TestArchive : IAsyncDisposable
{
    private TestArchive(RunningArchive archive)
    {
        Archive = archive;
        Http = new HttpClient { BaseAddress = archive.Url, Timeout = TimeSpan.FromMinutes(1) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", archive.Token);
    }

    public RunningArchive Archive { get; }
    public HttpClient Http { get; }

    public static async Task<TestArchive> StartAsync(SynapseServer server, TestUser user, string room, string connectionString, string? stateDir = null)
    {
        stateDir ??= AgentEnvironment.NewStateDir("archive");
        var settings = AgentEnvironment.Load(AgentEnvironment.For(server, user, room, stateDir), stateDir);
        var options = new ArchiveOptions { ConnectionString = connectionString, Port = 0, SyncTimeout = TimeSpan.FromSeconds(5), MaxBackoff = TimeSpan.FromSeconds(2) };
        return new TestArchive(await ArchiveHost.StartAsync(settings, options, null, CancellationToken.None).WaitAsync(TestDaemon.Timeout));
    }

    public async Task<HistoryResponse> HistoryAsync(string query)
    {
        using var response = await Http.GetAsync("/history" + query).WaitAsync(TestDaemon.Timeout);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"history answered {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize(text, HistoryJsonContext.Default.HistoryResponse)!;
    }

    /// <summary>How many messages /history shows (up to 500); null while the archive cannot answer yet.</summary>
    public async Task<string?> HoldsAsync(int count, string query = "?limit=500")
    {
        using var response = await Http.GetAsync("/history" + query).WaitAsync(TestDaemon.Timeout);
        if (!response.IsSuccessStatusCode) return null;
        var answer = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), HistoryJsonContext.Default.HistoryResponse)!;
        return answer.Messages.Count == count ? "ok" : null;
    }

    public ValueTask DisposeAsync()
    {
        Http.Dispose();
        return Archive.DisposeAsync();
    }

    /// <summary>Sends one message as <paramref name="user"/>, with AgentChat meta when <paramref name="kind"/> is given.</summary>
    public static async Task<string> SendAsync(TestUser user, RoomId room, string text, string? kind = null, string? thread = null)
    {
        if (kind is not null and not "chat") text = $"[{kind.ToUpperInvariant()}] {text}"; // a sender without a registry entry is typed by its prefix
        var content = new StringBuilder("{\"msgtype\":\"m.text\",\"body\":").Append('"').Append(JsonEncodedText.Encode(text).ToString()).Append('"');
        if (kind is not null) content.Append(",\"com.aiagentchat.meta\":{\"v\":1,\"kind\":\"").Append(kind).Append("\"}");
        if (thread is not null) content.Append(",\"m.relates_to\":{\"rel_type\":\"m.thread\",\"event_id\":\"").Append(thread).Append("\"}");
        content.Append('}');
        var id = await user.Client.SendEventAsync(room, "m.room.message", Encoding.UTF8.GetBytes(content.ToString()), "t" + Guid.NewGuid().ToString("N"))
            .WaitAsync(TestDaemon.Timeout);
        return id.Value;
    }

    /// <summary>Every m.room.message event id in the room, read from the homeserver.</summary>
    public static async Task<List<string>> RoomMessageIdsAsync(TestUser reader, RoomId room)
    {
        var ids = new List<string>();
        string? from = null;
        for (var page = 0; page < 100; page++)
        {
            var chunk = await reader.Client.GetMessagesAsync(room, from, Direction.Backward, 100).WaitAsync(TestDaemon.Timeout);
            ids.AddRange(chunk.Chunk.Where(e => e.Type == "m.room.message" && e.EventId is not null).Select(e => e.EventId!.Value.Value));
            if (chunk.Chunk.Count == 0 || chunk.End is null) break;
            from = chunk.End;
        }
        return ids;
    }

    public static async Task<List<string>> ArchivedIdsAsync(PostgresServer pg, string connectionString, string roomId)
    {
        var database = connectionString.Split(';').Single(p => p.StartsWith("Database=", StringComparison.Ordinal))["Database=".Length..];
        var text = await pg.PsqlAsync($"select event_id from messages where room_id = '{roomId}' order by ts, event_id", database);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    public static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
