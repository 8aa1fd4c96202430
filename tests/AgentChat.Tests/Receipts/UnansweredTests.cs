using AgentChat.Gateway;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Receipts;

/// <summary>"Nobody answered": with a shortened timeout, a question shows in /pending, /status and the digest, and leaves once answered.</summary>
public sealed class UnansweredTests
{
    private static readonly Dictionary<string, string> Short = new()
    {
        ["AGENTCHAT_UNANSWERED_AFTER"] = "2",
        ["AGENTCHAT_DIGEST_INTERVAL"] = "3",
    };

    [Fact]
    public async Task An_unanswered_question_appears_in_the_digest_and_leaves_it_once_answered()
    {
        var (server, owner, alice, bob, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias, env: Short);
        await using var b = await TestDaemon.StartAsync(server, bob, alias, env: Short);
        await Conversation.WaitRegisteredAsync(a, b);

        var q1 = await a.SendAsync(new SendRequest { Text = "who owns the deploy key?", Kind = "question", To = [bob.UserId.Value] });
        var pending = await Eventually.WaitAsync(async () => (await Conversation.PendingAsync(b)).Items.FirstOrDefault(i => i.EventId == q1.EventId),
            TestDaemon.Timeout, "q1 is pending");
        Assert.Contains("matrix.to/#/", pending.Link, StringComparison.Ordinal);
        var status = await a.GetAsync("/status", GatewayJsonContext.Default.StatusResponse);
        Assert.Contains(status.Unanswered ?? [], i => i.EventId == q1.EventId);

        var firstDigest = await Eventually.WaitAsync(async () =>
            (await Conversation.RoomMessagesAsync(owner, roomId)).LastOrDefault(e => Conversation.IsNotice(e, "digest") && e.ContentString("body")!.Contains(Uri.EscapeDataString(q1.EventId), StringComparison.Ordinal)),
            TestDaemon.Timeout, "a digest lists q1");
        Assert.Contains("who owns the deploy key?", firstDigest.ContentString("body"), StringComparison.Ordinal);

        await b.SendAsync(new SendRequest { Text = "ops does", Thread = q1.EventId });
        var q2 = await a.SendAsync(new SendRequest { Text = "and the backup key?", Kind = "question" });
        var laterDigest = await Eventually.WaitAsync(async () =>
            (await Conversation.RoomMessagesAsync(owner, roomId)).LastOrDefault(e => Conversation.IsNotice(e, "digest") && e.ContentString("body")!.Contains(Uri.EscapeDataString(q2.EventId), StringComparison.Ordinal)),
            TestDaemon.Timeout, "a later digest lists q2");
        Assert.DoesNotContain(Uri.EscapeDataString(q1.EventId), laterDigest.ContentString("body"), StringComparison.Ordinal);
        Assert.DoesNotContain((await Conversation.PendingAsync(a)).Items, i => i.EventId == q1.EventId);
        Assert.DoesNotContain((await a.GetAsync("/status", GatewayJsonContext.Default.StatusResponse)).Unanswered ?? [], i => i.EventId == q1.EventId);
    }
}
