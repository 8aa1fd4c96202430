using System.Net;
using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Registry;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Daemon;

/// <summary>Whom a send is for: unknown names fail before anything is sent, offline agents get a warning, humans see the addressee.</summary>
public sealed class RecipientTests
{
    [Theory]
    [InlineData("""{"text": "hello?", "dm": "nosuchagent"}""")]
    [InlineData("""{"text": "hello?", "to": ["nosuchagent"]}""")]
    [InlineData("""{"text": "hello?", "to": ["@nosuchagent:localhost"]}""")]
    public async Task An_unknown_recipient_is_a_404_and_nothing_is_sent_or_created(string body)
    {
        var (server, _, alice, _, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var daemon = await TestDaemon.StartAsync(server, alice, alias);
        var roomsBefore = await alice.Client.GetJoinedRoomsAsync().WaitAsync(TestDaemon.Timeout);
        var latestBefore = await LatestEventIdAsync(alice.Client, roomId);

        using var response = await daemon.PostRawAsync("/send", body.Replace("localhost", server.ServerName, StringComparison.Ordinal));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = JsonSerializer.Deserialize(text, GatewayJsonContext.Default.ErrorBody)!;
        Assert.Equal("unknown_recipient", error.Code);
        Assert.Contains("nosuchagent", error.Error, StringComparison.Ordinal);
        Assert.Equal(roomsBefore.Count, (await alice.Client.GetJoinedRoomsAsync().WaitAsync(TestDaemon.Timeout)).Count);
        Assert.Equal(latestBefore, await LatestEventIdAsync(alice.Client, roomId));
        Assert.Equal(0, (await daemon.GetAsync("/status", GatewayJsonContext.Default.StatusResponse)).OutboxDepth);
    }

    [Fact]
    public async Task A_registered_agent_that_is_offline_is_sent_to_with_a_warning()
    {
        var (server, _, alice, bob, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        await bob.Client.JoinRoomAsync(roomId.Value).WaitAsync(TestDaemon.Timeout);
        var lastSeen = DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeMilliseconds();
        await InstanceRegistry.WriteAsync(bob.Client, roomId, bob.UserId, new InstanceEntry
        {
            Instance = "bobby",
            Kind = "persistent",
            LastSeen = lastSeen,
            StartedAt = lastSeen,
            Status = "offline",
        }, CancellationToken.None).WaitAsync(TestDaemon.Timeout);
        await using var daemon = await TestDaemon.StartAsync(server, alice, alias);

        var sent = await daemon.SendAsync(new SendRequest { Text = "when you are back", Kind = "task", To = ["bobby"] });

        var warning = Assert.Single(sent.Warnings ?? []);
        Assert.StartsWith("bobby is offline (last seen 30 min ago)", warning, StringComparison.Ordinal);
        var e = await alice.Client.GetEventAsync(roomId, new EventId(sent.EventId)).WaitAsync(TestDaemon.Timeout);
        Assert.Equal("[TASK] @bobby: when you are back", e.ContentString("body"));
    }

    [Fact]
    public async Task Humans_see_the_addressees_in_the_body_and_as_pills_and_agents_read_the_text_as_written()
    {
        var (server, _, alice, bob, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        await b.ReadAsync(); // everything so far is read

        var sent = await a.SendAsync(new SendRequest { Text = "Please **review** the PR", Kind = "task", To = [bob.UserId.Localpart] });

        var e = await alice.Client.GetEventAsync(roomId, new EventId(sent.EventId)).WaitAsync(TestDaemon.Timeout);
        Assert.Equal($"[TASK] @{bob.UserId.Localpart}: Please **review** the PR", e.ContentString("body"));
        Assert.Equal(
            $"<strong>[TASK]</strong> <a href=\"https://matrix.to/#/{bob.UserId}\">{bob.UserId.Localpart}</a>: Please <strong>review</strong> the PR",
            e.ContentString("formatted_body"));
        Assert.Equal(bob.UserId.Value, e.Content.GetProperty("m.mentions").GetProperty("user_ids")[0].GetString());

        var read = await b.ReadAsync("?wait=20");
        var message = Assert.Single(read.Messages);
        Assert.Equal("Please **review** the PR", message.Text);
        Assert.Equal("task", message.Kind);
        Assert.Equal([bob.UserId.Value], message.Mentions);
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(10_000_000_000_000_000)]
    [InlineData(-5)]
    public async Task A_hostile_last_seen_reads_as_never_seen_not_a_crash(long lastSeen)
    {
        using var http = new HttpClient();
        // The entry names the agent, so no request is made: the address is never dialled.
        var resolver = new AgentChat.Verbs.RecipientResolver(new MatrixClient(http, new Uri("http://127.0.0.1:9/")), new UserId("@me:x"), TimeProvider.System,
            TimeSpan.FromSeconds(1));
        InstanceInfo entry = new() { UserId = "@bob:x", Instance = "bob", Alive = false, Kind = "persistent", Status = "offline", LastSeen = lastSeen };
        var warnings = new List<string>();

        var recipient = await resolver.ResolveAsync("bob", [entry], warnings, CancellationToken.None);

        Assert.Equal("@bob:x", recipient.UserId.Value);
        Assert.StartsWith("bob is offline (never seen)", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_claimed_instance_name_never_wins_over_the_account_it_names_and_a_tie_is_refused()
    {
        using var http = new HttpClient();
        var resolver = new AgentChat.Verbs.RecipientResolver(new MatrixClient(http, new Uri("http://127.0.0.1:9/")), new UserId("@me:x"), TimeProvider.System,
            TimeSpan.FromSeconds(1));
        static InstanceInfo Entry(string user, string instance) =>
            new() { UserId = user, Instance = instance, Alive = true, Kind = "persistent", Status = "online", LastSeen = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };

        var alice = await resolver.ResolveAsync("alice", [Entry("@impostor:x", "Alice"), Entry("@alice:x", "alice")], [], CancellationToken.None);
        Assert.Equal("@alice:x", alice.UserId.Value);

        var tie = await Assert.ThrowsAsync<AgentChat.Verbs.VerbException>(() =>
            resolver.ResolveAsync("builder", [Entry("@b1:x", "builder"), Entry("@b2:x", "builder")], [], CancellationToken.None));
        Assert.Equal((409, "ambiguous_recipient"), (tie.Status, tie.Code));
        Assert.Contains("@b1:x", tie.Message, StringComparison.Ordinal);
    }

    private static async Task<string?> LatestEventIdAsync(MatrixClient client, RoomId room)
    {
        var page = await client.GetMessagesAsync(room, null, Direction.Backward, 1).WaitAsync(TestDaemon.Timeout);
        return page.Chunk.FirstOrDefault()?.EventId?.Value;
    }
}
