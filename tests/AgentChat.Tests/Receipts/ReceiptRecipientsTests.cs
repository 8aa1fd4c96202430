using AgentChat.Gateway;
using AgentChat.Receipts;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Receipts;

/// <summary>Who an own message that mentions nobody waits for: the thread's posters in a thread, the live agents in the main timeline.</summary>
public sealed class ReceiptRecipientsTests
{
    [Fact]
    public async Task A_thread_reply_without_mentions_waits_for_the_threads_posters_and_a_room_message_for_live_agents_only()
    {
        var server = await SynapseServer.GetAsync();
        var owner = await server.CreateUserAsync("own");
        var alice = await server.CreateUserAsync("alice");
        var bob = await server.CreateUserAsync("bob");
        var carol = await server.CreateUserAsync("carol");
        var (_, alias) = await SharedRoom.CreateAsync(server, owner, alice, bob, carol);
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        var c = await TestDaemon.StartAsync(server, carol, alias);
        try
        {
            await Conversation.WaitRegisteredAsync(a, b, c);
            var question = await a.SendAsync(new SendRequest { Text = "anyone know why CI is red?", Kind = "question" });
            var asked = await Eventually.WaitAsync(async () => (await Conversation.SentAsync(a)).Messages.FirstOrDefault(m => m.EventId == question.EventId),
                TestDaemon.Timeout, "the question is tracked");
            Assert.Equal([bob.UserId.Value, carol.UserId.Value], asked.Recipients.Select(r => r.UserId).Order(StringComparer.Ordinal));

            await b.SendAsync(new SendRequest { Text = "flaky test, looking", Thread = question.EventId });
            await Conversation.WaitStateAsync(a, question.EventId, bob.UserId.Value, ReceiptState.Acted);
            var followUp = await a.SendAsync(new SendRequest { Text = "thanks, tell me when it's green", Thread = question.EventId });
            var inThread = await Eventually.WaitAsync(async () => (await Conversation.SentAsync(a)).Messages.FirstOrDefault(m => m.EventId == followUp.EventId),
                TestDaemon.Timeout, "the thread reply is tracked");
            Assert.Equal([bob.UserId.Value], inThread.Recipients.Select(r => r.UserId));
        }
        finally
        {
            await c.DisposeAsync();
        }
        // carol's daemon has stopped (its entry says offline): a main-timeline message no longer waits for her
        await Eventually.WaitAsync(async () =>
            (await a.GetAsync("/who", GatewayJsonContext.Default.WhoResponse)).Instances.Any(i => i.UserId == carol.UserId.Value && !i.Alive) ? "offline" : null,
            TestDaemon.Timeout, "alice sees carol offline");
        var later = await a.SendAsync(new SendRequest { Text = "CI is green again" });
        var toRoom = await Eventually.WaitAsync(async () => (await Conversation.SentAsync(a)).Messages.FirstOrDefault(m => m.EventId == later.EventId),
            TestDaemon.Timeout, "the room message is tracked");
        Assert.Equal([bob.UserId.Value], toRoom.Recipients.Select(r => r.UserId));
    }
}
