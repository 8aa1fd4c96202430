using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Tests.Infrastructure;
using AgentChat.Tests.Matrix;
using Xunit.Abstractions;

namespace AgentChat.Tests.Daemon;

/// <summary>The daemon as a process against a homeserver of its own, which the tests stop and restart.</summary>
public sealed class ProcessFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Homeserver_down_and_back_while_the_daemon_runs_every_message_lands_once()
    {
        var server = await SynapseServer.StartDedicatedAsync();
        var owner = await server.CreateUserAsync("own");
        var agent = await server.CreateUserAsync("agent");
        var (roomId, alias) = await SharedRoom.CreateAsync(server, owner, agent);
        var stateDir = Path.Combine(Path.GetTempPath(), "agentchat-tests", "hsdown-" + Guid.NewGuid().ToString("N")[..8]);
        await using var daemon = await DaemonProcess.StartAsync(server, agent, alias, stateDir);

        var expected = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var r = await daemon.SendAsync($$"""{"text":"up {{i}}"}""");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            expected.Add($"up {i}");
        }
        await server.StopAsync();
        for (var i = 0; i < 5; i++)
        {
            using var r = await daemon.SendAsync($$"""{"text":"down {{i}}"}""");
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
            expected.Add($"down {i}");
        }
        using (var health = await daemon.Http.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Contains("not syncing", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await server.RestartAsync();
        var back = Stopwatch.StartNew();
        await Eventually.WaitAsync(async () =>
        {
            var s = await daemon.Http.GetFromJsonAsync("/status", GatewayJsonContext.Default.StatusResponse);
            return s!.OutboxDepth == 0 ? s : null;
        }, TimeSpan.FromSeconds(90), $"outbox drained; daemon log:\n{daemon.Log}");
        output.WriteLine($"homeserver back → outbox drained: {back.ElapsedMilliseconds} ms");

        var page = await owner.Client.GetMessagesAsync(roomId, null, Direction.Backward, 100).WaitAsync(TestDaemon.Timeout);
        Assert.Equal(expected, MatrixTestRoom.Bodies(page.Chunk).Reverse());
        await Eventually.WaitAsync(async () =>
        {
            using var r = await daemon.Http.GetAsync("/health");
            return r.IsSuccessStatusCode ? "ok" : null;
        }, TimeSpan.FromSeconds(60), "healthy again");
    }

    [Fact]
    public async Task A_daemon_killed_with_a_queued_outbox_delivers_it_exactly_once_after_restart()
    {
        var server = await SynapseServer.StartDedicatedAsync();
        var owner = await server.CreateUserAsync("own");
        var agent = await server.CreateUserAsync("agent");
        var (roomId, alias) = await SharedRoom.CreateAsync(server, owner, agent);
        var stateDir = Path.Combine(Path.GetTempPath(), "agentchat-tests", "sigkill-" + Guid.NewGuid().ToString("N")[..8]);

        var daemon = await DaemonProcess.StartAsync(server, agent, alias, stateDir);
        await server.StopAsync();
        var texts = Enumerable.Range(0, 4).Select(i => $"queued {i}").ToList();
        foreach (var text in texts)
        {
            using var r = await daemon.SendAsync($$"""{"text":"{{text}}"}""");
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        }
        daemon.Kill();
        await daemon.DisposeAsync();
        Assert.Equal(texts.Count, Directory.GetFiles(Path.Combine(stateDir, "outbox"), "*.json").Length);

        await server.RestartAsync();
        await using var restarted = await DaemonProcess.StartAsync(server, agent, alias, stateDir);
        await Eventually.WaitAsync(async () =>
        {
            var s = await restarted.Http.GetFromJsonAsync("/status", GatewayJsonContext.Default.StatusResponse);
            return s!.OutboxDepth == 0 ? s : null;
        }, TimeSpan.FromSeconds(90), "outbox drained after restart");

        var page = await owner.Client.GetMessagesAsync(roomId, null, Direction.Backward, 100).WaitAsync(TestDaemon.Timeout);
        Assert.Equal(texts, MatrixTestRoom.Bodies(page.Chunk).Reverse());
    }

    [Fact]
    public async Task Sigterm_stops_within_seconds_sets_offline_and_removes_the_discovery_file()
    {
        var server = await SynapseServer.GetAsync();
        var owner = await server.CreateUserAsync("own");
        var agent = await server.CreateUserAsync("agent");
        var (roomId, alias) = await SharedRoom.CreateAsync(server, owner, agent);
        var stateDir = Path.Combine(Path.GetTempPath(), "agentchat-tests", "sigterm-" + Guid.NewGuid().ToString("N")[..8]);
        await using var daemon = await DaemonProcess.StartAsync(server, agent, alias, stateDir);
        await Eventually.WaitAsync(async () =>
        {
            try { return (await owner.Client.GetStateAsync(roomId, "com.aiagentchat.instance", agent.UserId.Value)).GetProperty("status").GetString() == "online" ? "online" : null; }
            catch (MatrixException) { return null; }
        }, TestDaemon.Timeout, "registry entry online");

        var took = await daemon.TerminateAsync();
        output.WriteLine($"SIGTERM → exit: {took.TotalMilliseconds:0} ms");

        Assert.True(took < TimeSpan.FromSeconds(10), $"stopping took {took}");
        Assert.False(File.Exists(daemon.DiscoveryPath));
        var entry = await owner.Client.GetStateAsync(roomId, "com.aiagentchat.instance", agent.UserId.Value);
        Assert.Equal("offline", entry.GetProperty("status").GetString());
        Assert.True(File.Exists(Path.Combine(stateDir, "sync-token")));
    }
}
