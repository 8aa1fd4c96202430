using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Receipts;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Receipts;

/// <summary>Receipts with two real daemons and a raw Matrix observer: stored → read → acted, and a recipient that never reads.</summary>
public sealed class ReceiptsTests
{
    [Fact]
    public async Task A_question_moves_from_stored_to_read_to_acted()
    {
        var (server, _, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        await Conversation.WaitRegisteredAsync(a, b);
        await b.ReadAsync(); // bob is up to date before the question

        var question = await a.SendAsync(new SendRequest { Text = "which branch has the fix?", Kind = "question", To = [bob.UserId.Value] });
        var stored = await Conversation.WaitStateAsync(a, question.EventId, bob.UserId.Value, ReceiptState.Stored);
        Assert.Equal(ReceiptState.Stored, stored.State);
        Assert.True(stored.Pending);
        var only = Assert.Single(stored.Recipients);
        Assert.Equal(bob.UserId.Value, only.UserId);
        Assert.Null(only.ReadAt);

        var read = await Eventually.WaitAsync(async () => (await b.ReadAsync("?wait=5")).Messages.FirstOrDefault(m => m.EventId == question.EventId),
            TestDaemon.Timeout, "bob reads the question");
        Assert.Equal(question.EventId, read.EventId);
        var afterRead = await Conversation.WaitStateAsync(a, question.EventId, bob.UserId.Value, ReceiptState.Read);
        Assert.NotNull(afterRead.Recipients[0].ReadAt);
        Assert.True(afterRead.Pending, "a question waits for an answer, not only a read");

        var answer = await b.SendAsync(new SendRequest { Text = "feature/x", Thread = question.EventId });
        var acted = await Conversation.WaitStateAsync(a, question.EventId, bob.UserId.Value, ReceiptState.Acted);
        Assert.Equal(answer.EventId, acted.Recipients[0].ActedEventId);
        Assert.Equal(ReceiptState.Acted, acted.State);
        Assert.False(acted.Pending);
        Assert.DoesNotContain((await Conversation.SentAsync(a, "?pending=true")).Messages, m => m.EventId == question.EventId);
    }

    [Fact]
    public async Task A_mentioned_agent_that_never_reads_stays_at_stored()
    {
        var (server, owner, alice, bob, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias); // runs and syncs, but nobody reads through it
        await Conversation.WaitRegisteredAsync(a, b);

        var toBob = await a.SendAsync(new SendRequest { Text = "are you there?", Kind = "question", To = [bob.UserId.Value] });
        var toOwner = await a.SendAsync(new SendRequest { Text = "fyi", To = [owner.UserId.Value] });
        // The human reads everything up to the second message: a receipt past the first, but not bob's.
        await owner.Client.SetReadMarkersAsync(roomId, new EventId(toOwner.EventId), new EventId(toOwner.EventId)).WaitAsync(TestDaemon.Timeout);

        var ownerRead = await Conversation.WaitStateAsync(a, toOwner.EventId, owner.UserId.Value, ReceiptState.Read);
        Assert.False(ownerRead.Pending);
        var sent = await Conversation.SentAsync(a, "?pending=true");
        var stillStored = Assert.Single(sent.Messages, m => m.EventId == toBob.EventId);
        Assert.Equal(ReceiptState.Stored, Assert.Single(stillStored.Recipients).State);
        Assert.DoesNotContain(sent.Messages, m => m.EventId == toOwner.EventId);

        using var bad = await a.Http.GetAsync("/sent?limit=0").WaitAsync(TestDaemon.Timeout);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_message_to_the_room_is_for_every_registered_agent()
    {
        var (server, _, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        await Conversation.WaitRegisteredAsync(a, b);

        var all = await a.SendAsync(new SendRequest { Text = "who can review PR 7?", Kind = "question" });
        var stored = await Conversation.WaitStateAsync(a, all.EventId, bob.UserId.Value, ReceiptState.Stored);
        Assert.Equal([bob.UserId.Value], stored.Recipients.Select(r => r.UserId));
        await b.SendAsync(new SendRequest { Text = "me", ReplyTo = all.EventId });
        await Conversation.WaitStateAsync(a, all.EventId, bob.UserId.Value, ReceiptState.Acted);
    }

    [Fact]
    public async Task A_restarted_daemon_still_knows_its_sends_and_their_receipts()
    {
        var (server, _, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        var stateDir = Path.Combine(Path.GetTempPath(), "agentchat-tests", "daemon-" + Guid.NewGuid().ToString("N")[..10]);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        SendResponse question;
        await using (var first = await TestDaemon.StartAsync(server, alice, alias, stateDir))
        {
            await Conversation.WaitRegisteredAsync(first, b);
            question = await first.SendAsync(new SendRequest { Text = "still there after a restart?", Kind = "question", To = [bob.UserId.Value] });
            await Conversation.WaitStateAsync(first, question.EventId, bob.UserId.Value, ReceiptState.Stored);
        }
        var answer = await b.SendAsync(new SendRequest { Text = "yes", ReplyTo = question.EventId });

        await using var again = await TestDaemon.StartAsync(server, alice, alias, stateDir);
        var acted = await Conversation.WaitStateAsync(again, question.EventId, bob.UserId.Value, ReceiptState.Acted);
        Assert.Equal(answer.EventId, acted.Recipients[0].ActedEventId);
    }
}
