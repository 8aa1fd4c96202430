using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Receipts;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;
using AgentChat.Unanswered;

namespace AgentChat.Tests.Receipts;

/// <summary>Helpers for the receipts, loop guard and unanswered tests: waits on the gateways, and the raw observer's view of the room.</summary>
internal static class Conversation
{
    /// <summary>Until every daemon's sender directory knows every agent: before that, an agent's message would read as a human's.</summary>
    public static async Task WaitRegisteredAsync(params TestDaemon[] daemons)
    {
        var ids = daemons.Select(d => d.User.UserId.Value).ToList();
        foreach (var d in daemons)
        {
            await Eventually.WaitAsync(async () =>
            {
                var who = await d.GetAsync("/who", GatewayJsonContext.Default.WhoResponse);
                return ids.All(id => who.Instances.Any(i => i.UserId == id && i.Alive)) ? "all" : null;
            }, TestDaemon.Timeout, $"{d.User.UserId} sees every agent registered");
        }
        // The directory follows /sync: a message from each agent read back as an agent's proves it.
        foreach (var d in daemons)
        {
            var hello = await d.SendAsync(new SendRequest { Text = "online", Kind = "status" });
            foreach (var other in daemons)
            {
                await Eventually.WaitAsync(async () =>
                    (await other.ReadAsync("?since=0")).Messages.FirstOrDefault(m => m.EventId == hello.EventId && !m.Human), TestDaemon.Timeout,
                    $"{other.User.UserId} binds {d.User.UserId} as an agent");
            }
        }
    }

    public static Task<SentResponse> SentAsync(TestDaemon d, string query = "") => d.GetAsync("/sent" + query, GatewayJsonContext.Default.SentResponse);

    public static Task<PendingResponse> PendingAsync(TestDaemon d) => d.GetAsync("/pending", GatewayJsonContext.Default.PendingResponse);

    /// <summary>Waits until the daemon's receipt for <paramref name="eventId"/> and <paramref name="recipient"/> is in <paramref name="state"/>.</summary>
    public static Task<SentMessage> WaitStateAsync(TestDaemon d, string eventId, string recipient, string state) =>
        Eventually.WaitAsync(async () => (await SentAsync(d)).Messages.FirstOrDefault(m =>
                m.EventId == eventId && m.Recipients.Any(r => r.UserId == recipient && r.State == state)),
            TestDaemon.Timeout, $"{eventId} is {state} for {recipient}");

    /// <summary>The room's latest messages as a plain Matrix client sees them, oldest first.</summary>
    public static async Task<IReadOnlyList<MatrixEvent>> RoomMessagesAsync(TestUser observer, RoomId room)
    {
        var page = await observer.Client.GetMessagesAsync(room, null, Direction.Backward, 200).WaitAsync(TestDaemon.Timeout);
        return page.Chunk.Where(e => e.Type == "m.room.message").Reverse().ToList();
    }

    public static string? Meta(MatrixEvent e, string field) =>
        e.Content.TryGetProperty("com.aiagentchat.meta", out var meta) && meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty(field, out var v)
            ? v.ToString() : null;

    public static bool IsNotice(MatrixEvent e, string tag) => e.ContentString("msgtype") == "m.notice" && Meta(e, "notice") == tag;

    /// <summary>A human writes in the room (or a thread) from a plain Matrix client.</summary>
    public static async Task<EventId> HumanSaysAsync(TestUser human, RoomId room, string text, string? thread = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("msgtype", "m.text");
            json.WriteString("body", text);
            if (thread is not null)
            {
                json.WriteStartObject("m.relates_to");
                json.WriteString("rel_type", "m.thread");
                json.WriteString("event_id", thread);
                json.WriteBoolean("is_falling_back", true);
                json.WriteStartObject("m.in_reply_to");
                json.WriteString("event_id", thread);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        var content = buffer.ToArray();
        return await human.Client.SendEventAsync(room, "m.room.message", content, Guid.NewGuid().ToString("N")).WaitAsync(TestDaemon.Timeout);
    }
}
