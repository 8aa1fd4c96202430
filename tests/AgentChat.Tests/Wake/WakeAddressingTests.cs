using System.Text;
using System.Text.Json;
using AgentChat.Messages;
using AgentChat.Messages.Wake;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;
using static AgentChat.Tests.Wake.WakeSetup;

namespace AgentChat.Tests.Wake;

/// <summary>Who a message wakes: a human's typed <c>!task @agent</c> wakes the assignee; notices wake no one but whom they mention, AgentChat's own never.</summary>
public sealed class WakeAddressingTests
{
    private const string StopInput = """{"session_id":"s1","hook_event_name":"Stop","stop_hook_active":false}""";
    private const string Self = "@beta:localhost";

    private static ChatMessage Message(string body, bool human = true, string kind = MessageKind.Chat, string[]? mentions = null, string? meta = null) => new()
    {
        EventId = "$" + Guid.NewGuid().ToString("N"),
        RoomId = "!room:localhost",
        Room = "#shared:localhost",
        Sender = "@human:localhost",
        Human = human,
        Kind = kind,
        Text = body,
        Body = body,
        Mentions = mentions ?? [],
        Meta = meta is null ? null : JsonDocument.Parse(meta).RootElement.Clone(),
    };

    private static bool Addressed(ChatMessage m, string? instance = null) => Addressing.IsAddressedTo(m, Self, false, new ThreadParticipation(Self), instance);

    [Fact]
    public void A_humans_typed_bang_task_is_addressed_to_the_agent_its_lead_name_means_and_to_no_one_else()
    {
        Assert.True(Addressed(Message("!task @beta do X")));
        Assert.True(Addressed(Message("!TASK @Beta: do X")));
        Assert.True(Addressed(Message("!task @beta:localhost do X")));
        Assert.True(Addressed(Message("!task @worker do X"), instance: "worker"));
        Assert.False(Addressed(Message("!task @gamma do X")));
        Assert.False(Addressed(Message("!task do X for @beta")));
        Assert.False(Addressed(Message("!taskbeta @beta do X")));
        Assert.False(Addressed(Message("!task @beta do X", human: false))); // an agent's word is not a human's command
    }

    [Fact]
    public void A_notice_wakes_only_whom_it_mentions_and_agentchats_own_notices_wake_no_one()
    {
        Assert.False(Addressed(Message("loop guard: paused", kind: MessageKind.Status, mentions: [Self], meta: """{"notice":"loop_guard"}""")));
        Assert.False(Addressed(Message("nobody answered", kind: MessageKind.Status, mentions: [Self], meta: """{"notice":"digest"}""")));
        Assert.True(Addressed(Message("deploy finished", kind: MessageKind.Status, mentions: [Self])));
        Assert.False(Addressed(Message("deploy finished", kind: MessageKind.Status)));
        Assert.False(Addressing.IsAddressedTo(Message("deploy finished", kind: MessageKind.Status), Self, true, new ThreadParticipation(Self)));
    }

    [Fact]
    public async Task The_assignee_of_a_humans_typed_bang_task_gets_it_from_its_stop_hook_and_agentchats_notices_never()
    {
        var (server, owner, alice, bob, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        using var cli = CliBeside(server, b, alias);
        Assert.Equal("", (await cli.RunWithInputAsync(StopInput, "hook", "stop")).StdOut.Trim());

        var notice = await a.SendAsync(To(bob, "nobody answered these", meta: """{"notice":"digest"}""", kind: "status"));
        var content = $$"""{"msgtype":"m.text","body":"!task @{{bob.UserId.Localpart}} prepare the slides"}""";
        var bang = (await owner.Client.SendEventAsync(roomId, "m.room.message", Encoding.UTF8.GetBytes(content), "t" + Guid.NewGuid().ToString("N"))
            .WaitAsync(TestDaemon.Timeout)).Value;
        await WaitHeldAsync(b, notice.EventId);
        await WaitHeldAsync(b, bang);

        var blocked = await cli.RunWithInputAsync(StopInput, "hook", "stop");
        using var doc = JsonDocument.Parse(blocked.StdOut);
        Assert.Equal("block", doc.RootElement.GetProperty("decision").GetString());
        var reason = doc.RootElement.GetProperty("reason").GetString()!;
        Assert.Contains("prepare the slides", reason, StringComparison.Ordinal);
        Assert.Contains(bang, reason, StringComparison.Ordinal);
        Assert.DoesNotContain("nobody answered these", reason, StringComparison.Ordinal);
    }
}
