using AgentChat.Matrix;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Cli;

/// <summary>
/// <c>cchat react</c> through the daemon's gateway and in direct mode (strangers' malformed reactions: <see cref="ReactionRulesTests"/>).
/// Agents are listed by instance name (both here have registry entries: a daemon, and direct mode's own).
/// </summary>
public sealed class ReactCliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_reaction_goes_on_the_message_and_lists_by_sender_through_the_gateway_and_directly()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        using var b = Cchat.For(server, bob, room);
        var message = CliJson.Object(await b.OkAsync("send", "react to me", "--json"));
        var eventId = message.GetProperty("event_id").GetString()!;
        var roomId = new RoomId(message.GetProperty("room_id").GetString()!);

        await using (await CliDaemon.StartAsync(a, alice.UserId.Localpart))
        {
            var via = CliJson.Object(await a.OkAsync("react", eventId, "👀", "--json"));
            var reaction = await alice.Client.GetEventAsync(roomId, new EventId(via.GetProperty("event_id").GetString()!)).WaitAsync(Timeout);
            Assert.Equal(EventTypes.Reaction, reaction.Type);
            var relation = reaction.Content.GetProperty("m.relates_to");
            Assert.Equal("m.annotation", relation.GetProperty("rel_type").GetString());
            Assert.Equal(eventId, relation.GetProperty("event_id").GetString());
            Assert.Equal("👀", relation.GetProperty("key").GetString());
        }

        await b.OkAsync("react", eventId); // direct mode (bob has no daemon): the default 👍
        var listed = CliJson.Object(await b.OkAsync("react", eventId, "--list", "--json")).GetProperty("reactions").EnumerateArray().ToList();
        Assert.Equal(2, listed.Count);
        var eyes = Assert.Single(listed, r => r.GetProperty("key").GetString() == "👀");
        Assert.Equal(1, eyes.GetProperty("count").GetInt32());
        Assert.Equal([alice.UserId.Localpart], eyes.GetProperty("senders").EnumerateArray().Select(s => s.GetString()));
        var thumbs = Assert.Single(listed, r => r.GetProperty("key").GetString() == "👍");
        Assert.Equal([bob.UserId.Localpart], thumbs.GetProperty("senders").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("👀 1: " + alice.UserId.Localpart, await b.OkAsync("react", eventId, "--list"), StringComparison.Ordinal);

        var bad = await a.RunAsync("react", "not-an-event-id");
        Assert.True(bad.ExitCode == 1, bad.StdErr);
        Assert.Contains("event id", bad.StdErr, StringComparison.Ordinal);
    }
}
