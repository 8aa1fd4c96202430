using System.Net;
using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Tests.Infrastructure;
using AgentChat.Tests.Matrix;

namespace AgentChat.Tests.Daemon;

/// <summary>
/// The outbox's disk fails while a PUT is in flight: the message has landed, the daemon has not heard, and the client
/// sends again under the same transaction id. A 507 never answers for a message a PUT went out for, and the room holds
/// the message exactly once, whatever the client retries. Real Synapse behind a proxy that holds its answers.
/// </summary>
public sealed class OutboxDiskInFlightTests
{
    [Fact]
    public async Task A_message_in_flight_while_the_disk_fails_is_never_507_and_lands_exactly_once_across_retries_of_its_transaction_id()
    {
        var server = await SynapseServer.GetAsync();
        var owner = await server.CreateUserAsync("own");
        var agent = await server.CreateUserAsync("agent");
        var (roomId, alias) = await SharedRoom.CreateAsync(server, owner, agent);
        await using var proxy = new FaultProxy(server.Homeserver);
        await using var daemon = await TestDaemon.StartAsync(server, agent, alias, configure: o => o.SendWait = TimeSpan.FromSeconds(2),
            env: new Dictionary<string, string> { ["AGENTCHAT_HOMESERVER"] = proxy.Url.ToString() });
        await daemon.SendAsync(new SendRequest { Text = "before" });

        // The PUT reaches Synapse and lands; its answer is held, so the daemon cannot know.
        proxy.HoldAnswers();
        await PostAsync(daemon, "once", "inflight-1", HttpStatusCode.Accepted);
        var landed = await Eventually.WaitAsync(async () => await EventOfAsync(owner, roomId, "once"), TestDaemon.Timeout, "the held PUT landed");

        using (new BrokenOutbox(Path.Combine(daemon.StateDir, "outbox")))
        {
            // The same transaction id again while the disk refuses everything: the message in flight answers, never 507.
            await PostAsync(daemon, "once", "inflight-1", HttpStatusCode.Accepted);
            // A new message cannot be saved: 507, and nothing goes out for it.
            await PostAsync(daemon, "not saved", "nosave-1", HttpStatusCode.InsufficientStorage);

            // The held connection breaks: the daemon sends again under the same transaction id, the disk still broken.
            proxy.Refuse();
            proxy.Resume();
            await PostAsync(daemon, "once", "inflight-1", HttpStatusCode.Accepted, HttpStatusCode.OK);
        }

        await Eventually.WaitAsync(async () =>
        {
            var s = await daemon.GetAsync("/status", GatewayJsonContext.Default.StatusResponse);
            return s.OutboxDepth == 0 ? s : null;
        }, TimeSpan.FromSeconds(90), "outbox drained");
        // After delivery, a late retry of the same transaction id (its first answer lost) gets the event that landed the
        // first time, even while the disk refuses again: a 507 would say "not sent" of a message in the room.
        using (new BrokenOutbox(Path.Combine(daemon.StateDir, "outbox")))
        {
            var late = await PostAsync(daemon, "once", "inflight-1", HttpStatusCode.OK);
            Assert.Equal(landed, JsonDocument.Parse(late).RootElement.GetProperty("event_id").GetString());
        }
        var again = await PostAsync(daemon, "once", "inflight-1", HttpStatusCode.OK);
        Assert.Equal(landed, JsonDocument.Parse(again).RootElement.GetProperty("event_id").GetString());
        await PostAsync(daemon, "not saved", "nosave-1", HttpStatusCode.OK);

        var page = await owner.Client.GetMessagesAsync(roomId, null, Direction.Backward, 100).WaitAsync(TestDaemon.Timeout);
        Assert.Equal(["before", "once", "not saved"], MatrixTestRoom.Bodies(page.Chunk).Reverse().ToList());
    }

    private static async Task<string> PostAsync(TestDaemon daemon, string text, string txnId, params HttpStatusCode[] allowed)
    {
        using var r = await daemon.PostRawAsync("/send", $$"""{"text":"{{text}}","txn_id":"{{txnId}}"}""");
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(allowed.Contains(r.StatusCode), $"{text} ({txnId}) answered {(int)r.StatusCode}: {body}");
        return body;
    }

    private static async Task<string?> EventOfAsync(TestUser reader, RoomId room, string body)
    {
        var page = await reader.Client.GetMessagesAsync(room, null, Direction.Backward, 50).WaitAsync(TestDaemon.Timeout);
        return page.Chunk.FirstOrDefault(e => e.Type == EventTypes.RoomMessage && e.ContentString("body") == body)?.EventId?.Value;
    }
}
