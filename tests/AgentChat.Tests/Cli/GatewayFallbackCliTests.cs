using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Messages;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Cli;

/// <summary>The CLI's side of the gateway: discovery, bearer token, query, and the fallback that never sends twice.</summary>
public sealed class GatewayFallbackCliTests
{
    [Fact]
    public async Task A_gateway_that_dies_mid_send_never_yields_a_second_copy()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        var roomId = await alice.Client.ResolveAliasAsync(new AgentChat.Matrix.RoomAlias(room)).WaitAsync(Cchat.Timeout);
        string? sentByGateway = null;
        // The "daemon" delivers the message with the caller's txn_id, then dies before answering.
        await using var gateway = new FakeGateway(async request =>
        {
            var send = JsonSerializer.Deserialize(request.Body, GatewayJsonContext.Default.SendRequest)!;
            var content = MessageComposer.Compose(new OutgoingMessage { Text = send.Text!, Instance = "alice" });
            sentByGateway = (await alice.Client.SendEventAsync(roomId, "m.room.message", content, send.TxnId!)).Value;
            return null;
        });
        using var a = Cchat.For(server, alice, room);
        gateway.WriteDiscoveryFile(a, "alice", alice.UserId.Value);

        var result = CliJson.Object(await a.OkAsync("send", "exactly once", "--json"));
        var request = Assert.Single(gateway.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/send", request.Target);
        Assert.Equal($"Bearer {gateway.Token}", request.Headers["Authorization"]);
        var txn = JsonSerializer.Deserialize(request.Body, GatewayJsonContext.Default.SendRequest)!.TxnId;
        Assert.Equal(txn, result.GetProperty("txn_id").GetString());
        Assert.Equal("direct", result.GetProperty("via").GetString());
        Assert.Equal(sentByGateway, result.GetProperty("event_id").GetString());

        using var b = Cchat.For(server, bob, room);
        Assert.Equal(["exactly once"], CliJson.Read(await b.OkAsync("read", "--json")).Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Read_and_send_go_through_a_discovered_gateway_with_its_token()
    {
        var message = new ChatMessage
        {
            Cursor = 7, EventId = "$e1", RoomId = "!r:x", Sender = "@bob:x", Instance = "bob", Kind = "task", Text = "do it", Body = "[TASK] do it",
        };
        await using var gateway = new FakeGateway(request => Task.FromResult<byte[]?>(request.Target switch
        {
            var t when t.StartsWith("/read", StringComparison.Ordinal) => FakeGateway.Json(200, new ReadResponse([message], "7"), GatewayJsonContext.Default.ReadResponse),
            "/send" => FakeGateway.Json(202, new QueuedResponse(true, "t1"), GatewayJsonContext.Default.QueuedResponse),
            _ => FakeGateway.Json(404, new ErrorBody("no", "not_found"), GatewayJsonContext.Default.ErrorBody),
        }));
        using var cchat = new Cchat();
        cchat.Env["AGENTCHAT_USER_ID"] = "@alice:x";
        gateway.WriteDiscoveryFile(cchat, "alice", "@alice:x");

        var read = CliJson.Read(await cchat.OkAsync("read", "--wait", "5", "--mentions", "--kind", "task", "--limit", "3", "--json"));
        Assert.Equal("do it", Assert.Single(read.Messages).Text);
        var query = gateway.Requests[0].Target;
        foreach (var part in new[] { "wait=5", "mentions=me", "kind=task", "limit=3" }) Assert.Contains(part, query, StringComparison.Ordinal);
        Assert.Equal($"Bearer {gateway.Token}", gateway.Requests[0].Headers["Authorization"]);

        Assert.Contains("queued", await cchat.OkAsync("send", "later", "--txn-id", "t1"), StringComparison.Ordinal);

        var who = await cchat.RunAsync("who");
        Assert.Equal(2, who.ExitCode);
        Assert.Contains("404", who.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(gateway.Token, who.StdErr + who.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_discovery_file_falls_back_to_direct_rest()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        await using (var gone = new FakeGateway(_ => Task.FromResult<byte[]?>(null)))
        {
            gone.WriteDiscoveryFile(a, "alice", alice.UserId.Value); // then it stops listening, like a killed daemon
        }
        var result = CliJson.Object(await a.OkAsync("send", "still delivered", "--json"));
        Assert.Equal("direct", result.GetProperty("via").GetString());
        using var b = Cchat.For(server, bob, room);
        Assert.Equal(["still delivered"], CliJson.Read(await b.OkAsync("read", "--json")).Messages.Select(m => m.Text));
        var status = await a.RunAsync("status");
        Assert.Equal(2, status.ExitCode); // a daemon is expected here and does not answer
        Assert.Contains("no answer at", status.StdOut, StringComparison.Ordinal);
    }
}
