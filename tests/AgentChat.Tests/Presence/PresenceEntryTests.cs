using System.Text;
using System.Text.Json;
using AgentChat.Registry;
using AgentChat.Tests.Daemon;

namespace AgentChat.Tests.Presence;

/// <summary>The presence fields of a registry entry survive a round trip through Synapse; hostile values degrade only themselves.</summary>
public sealed class PresenceEntryTests
{
    [Fact]
    public async Task Presence_round_trips_through_the_room_and_each_hostile_field_degrades_alone()
    {
        var (_, owner, alice, bob, roomId, _) = await SharedRoom.WithTwoAgentsAsync();
        await alice.Client.JoinRoomAsync(roomId.Value).WaitAsync(TestDaemon.Timeout);
        await bob.Client.JoinRoomAsync(roomId.Value).WaitAsync(TestDaemon.Timeout);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var entry = InstanceEntry.ForThisHost("alice", "persistent", null, [], now, now, "online")
            .With(new SelfPresence(true, "refactoring auth", now + 600_000, PresenceRules.Channel, "$abc:x", now - 1000));
        await InstanceRegistry.WriteAsync(alice.Client, roomId, alice.UserId, entry, CancellationToken.None).WaitAsync(TestDaemon.Timeout);
        // bob writes by hand what a buggy or hostile client could: every presence field wrong in its own way.
        var hostile = $$"""
            {"instance":"bob","kind":"persistent","status":"online","last_seen":{{now}},"user_id":"{{bob.UserId}}",
             "busy":"yes","busy_on":{"x":1},"busy_until":"later","wakeable":42,"cursor":"no id\n","cursor_at":[1],"description":"still here"}
            """;
        await bob.Client.PutStateAsync(roomId, InstanceEntry.EventType, bob.UserId.Value, Encoding.UTF8.GetBytes(hostile)).WaitAsync(TestDaemon.Timeout);

        var rows = await InstanceRegistry.ReadAsync(owner.Client, roomId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), CancellationToken.None)
            .WaitAsync(TestDaemon.Timeout);

        var a = rows.Single(r => r.UserId == alice.UserId.Value);
        Assert.True(a.Busy);
        Assert.Equal("refactoring auth", a.BusyOn);
        Assert.Equal(now + 600_000, a.BusyUntil);
        Assert.Equal("channel", a.Wakeable);
        Assert.Equal("$abc:x", a.Cursor);
        Assert.Equal(now - 1000, a.CursorAt);
        var b = rows.Single(r => r.UserId == bob.UserId.Value);
        Assert.True(b.Alive);
        Assert.Equal("still here", b.Description);
        Assert.False(b.Busy);
        Assert.Null(b.BusyOn);
        Assert.Null(b.BusyUntil);
        Assert.Equal("none", b.Wakeable);
        Assert.Null(b.Cursor);
        Assert.Null(b.CursorAt);
    }

    [Theory]
    [InlineData("""{"instance":"x","busy":true,"busy_until":1}""", false)] // lapsed long ago
    [InlineData("""{"instance":"x","busy":true}""", true)] // no expiry written: busy while alive
    [InlineData("""{"instance":"x","busy":1}""", false)]
    [InlineData("""{"instance":"x","busy":null}""", false)]
    public void Busy_holds_only_when_true_and_not_lapsed(string json, bool busy)
    {
        using var doc = JsonDocument.Parse(json);
        var entry = InstanceEntryReader.Read(doc.RootElement)!;
        Assert.Equal(busy, InstanceRegistry.Row("@x:y", entry, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()).Busy);
    }

    [Theory]
    [InlineData("channel", "channel")]
    [InlineData("hook", "hook")]
    [InlineData("none", "none")]
    [InlineData("telepathy", "none")]
    [InlineData("CHANNEL", "none")]
    [InlineData("", "none")]
    public void Wakeable_is_one_of_three_whatever_was_written(string written, string read)
    {
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(new Dictionary<string, string> { ["instance"] = "x", ["wakeable"] = written },
            TestJsonContext.Default.DictionaryStringString));
        Assert.Equal(read, InstanceEntryReader.Read(doc.RootElement)!.Wakeable);
    }

    [Fact]
    public void Busy_on_is_one_short_line_never_half_a_character()
    {
        Assert.Equal("fixing the parser", PresenceRules.Clean("  fixing\n\tthe\r\n parser \u0007"));
        Assert.Null(PresenceRules.Clean(" \n\t "));
        var longest = PresenceRules.Clean(new string('a', 79) + "\U0001F600" + new string('b', 10_000))!;
        Assert.True(longest.Length <= PresenceRules.MaxOnLength);
        Assert.False(char.IsHighSurrogate(longest[^1]));
        Assert.Equal(PresenceRules.MaxOnLength, PresenceRules.Clean(new string('z', 100_000))!.Length);
    }

    [Theory]
    [InlineData("$ok:server", "$ok:server")]
    [InlineData("$", null)]
    [InlineData("!room:x", null)]
    [InlineData("$has space", null)]
    public void A_cursor_is_an_event_id_or_nothing(string written, string? read) => Assert.Equal(read, PresenceRules.EventIdOrNull(written));
}
