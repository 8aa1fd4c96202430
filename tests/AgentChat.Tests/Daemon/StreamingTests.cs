using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Tests.Infrastructure;
using AgentChat.Tests.Matrix;

namespace AgentChat.Tests.Daemon;

public sealed class StreamingTests
{
    [Fact]
    public async Task Events_streams_each_new_message_as_server_sent_events()
    {
        var (server, owner, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);

        using var cts = new CancellationTokenSource(TestDaemon.Timeout);
        using var response = await b.Http.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        var sent = await a.SendAsync(new SendRequest { Text = "streamed", Kind = "status" });

        string? id = null, data = null;
        while (data is null && await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
            if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
        }
        var message = JsonSerializer.Deserialize(data!, GatewayJsonContext.Default.ChatMessage)!;
        Assert.Equal(sent.EventId, message.EventId);
        Assert.Equal("status", message.Kind);
        Assert.Equal(message.Cursor.ToString(System.Globalization.CultureInfo.InvariantCulture), id);
    }

    [Fact]
    public async Task A_daemon_follows_extra_rooms_besides_the_shared_one()
    {
        var server = await SynapseServer.GetAsync();
        var owner = await server.CreateUserAsync("own");
        var agent = await server.CreateUserAsync("agent");
        var (_, shared) = await SharedRoom.CreateAsync(server, owner, agent);
        var (extraId, extra) = await SharedRoom.CreateAsync(server, owner, agent);
        await using var daemon = await TestDaemon.StartAsync(server, agent, shared, configure: o => o.ExtraRooms = [extra]);
        var start = await daemon.ReadAsync("?since=0");

        await MatrixTestRoom.SendTextAsync(owner.Client, extraId, "over here");
        var read = await daemon.ReadAsync($"?since={start.Next}&wait=20&room={Uri.EscapeDataString(extra)}");

        var message = Assert.Single(read.Messages);
        Assert.Equal("over here", message.Text);
        Assert.Equal(extra, message.Room);
        var status = await daemon.GetAsync("/status", GatewayJsonContext.Default.StatusResponse);
        Assert.Contains(extra, status.Rooms);
        Assert.Contains(shared, status.Rooms);
    }
}
