using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Tests.Infrastructure;
using AgentChat.Tests.Matrix;

namespace AgentChat.Tests.Daemon;

public sealed class DeliveryGuaranteeTests
{
    [Theory]
    [InlineData(300, 200, 40)]
    [InlineData(30, 10, 4)]
    public async Task A_reader_down_while_messages_arrive_reads_them_all_in_order_once(int count, int capacity, int pageSize)
    {
        var server = await SynapseServer.GetAsync();
        var owner = await server.CreateUserAsync("own");
        var writer = await server.CreateUserAsync("writer");
        var reader = await server.CreateUserAsync("reader");
        var (roomId, alias) = await SharedRoom.CreateAsync(server, owner, writer, reader);
        var stateDir = Path.Combine(Path.GetTempPath(), "agentchat-tests", "reader-" + Guid.NewGuid().ToString("N")[..8]);
        await writer.Client.JoinRoomAsync(alias).WaitAsync(TestDaemon.Timeout);

        await using (var first = await TestDaemon.StartAsync(server, reader, alias, stateDir, o => o.BufferCapacity = capacity))
        {
            await MatrixTestRoom.SendTextAsync(writer.Client, roomId, "before");
            var before = await first.ReadAsync("?wait=20");
            Assert.Equal("before", before.Messages.Last().Text);
            await Eventually.WaitAsync(async () => await reader.Client.GetFullyReadAsync(reader.UserId, roomId) is { } m && m.Value == before.Messages.Last().EventId ? "moved" : null,
                TestDaemon.Timeout, "read marker at the last message read");
        }

        var sent = Enumerable.Range(1, count).Select(i => $"while away {i}").ToList();
        foreach (var text in sent) await MatrixTestRoom.SendTextAsync(writer.Client, roomId, text);

        await using var second = await TestDaemon.StartAsync(server, reader, alias, stateDir, o => o.BufferCapacity = capacity);
        var received = new List<string>();
        var ids = new HashSet<string>();
        for (var i = 0; i < 2 * count / pageSize && received.Count < sent.Count; i++)
        {
            var page = await second.ReadAsync($"?limit={pageSize}&wait=2");
            foreach (var m in page.Messages)
            {
                Assert.True(ids.Add(m.EventId), $"duplicate {m.Text}");
                received.Add(m.Text);
            }
        }
        Assert.Equal(sent, received);
        Assert.Empty((await second.ReadAsync()).Messages);
    }

    [Fact]
    public async Task Messages_sent_while_the_homeserver_is_down_are_queued_then_delivered_exactly_once()
    {
        var server = await SynapseServer.StartDedicatedAsync();
        var owner = await server.CreateUserAsync("own");
        var agent = await server.CreateUserAsync("agent");
        var (roomId, alias) = await SharedRoom.CreateAsync(server, owner, agent);
        var stateDir = Path.Combine(Path.GetTempPath(), "agentchat-tests", "outbox-" + Guid.NewGuid().ToString("N")[..8]);
        var texts = Enumerable.Range(1, 5).Select(i => $"queued {i}").ToList();

        await using (var daemon = await TestDaemon.StartAsync(server, agent, alias, stateDir, o => o.SendWait = TimeSpan.FromSeconds(3)))
        {
            await daemon.SendAsync(new SendRequest { Text = "while up" });
            await server.StopAsync();
            foreach (var text in texts)
            {
                using var r = await daemon.PostRawAsync("/send", $$"""{"text":"{{text}}","txn_id":"t-{{text.Replace(' ', '-')}}"}""");
                Assert.Equal(System.Net.HttpStatusCode.Accepted, r.StatusCode);
                Assert.Contains("\"queued\":true", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            var status = await daemon.GetAsync("/status", GatewayJsonContext.Default.StatusResponse);
            Assert.Equal(texts.Count, status.OutboxDepth);
        }
        // The daemon stopped with its outbox on disk; the homeserver returns; a new daemon delivers.
        await server.RestartAsync();
        await using var restarted = await TestDaemon.StartAsync(server, agent, alias, stateDir);
        await Eventually.WaitAsync(async () =>
        {
            var s = await restarted.GetAsync("/status", GatewayJsonContext.Default.StatusResponse);
            return s.OutboxDepth == 0 ? s : null;
        }, TimeSpan.FromSeconds(90), "outbox drained");

        var page = await owner.Client.GetMessagesAsync(roomId, null, Direction.Backward, 100).WaitAsync(TestDaemon.Timeout);
        var bodies = MatrixTestRoom.Bodies(page.Chunk).Reverse().ToList();
        Assert.Equal(["while up", .. texts], bodies);
        Assert.Empty(Directory.GetFiles(Path.Combine(stateDir, "outbox"), "*.json"));
    }
}
