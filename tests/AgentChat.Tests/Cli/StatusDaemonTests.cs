using AgentChat.Gateway;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Cli;

/// <summary>
/// <c>cchat status --daemon</c>: exit 0 only while this instance's daemon runs and syncs, 2 with the reason on stderr
/// otherwise. Plain <c>cchat status</c> is healthy in direct mode too, which is why scripts waiting for a daemon
/// (scripts/up.sh, the container health check) must ask with <c>--daemon</c>.
/// </summary>
public sealed class StatusDaemonTests
{
    [Fact]
    public async Task Exits_0_only_while_the_daemon_runs_and_syncs()
    {
        var (server, alice, _, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        var stateDir = Path.Combine(a.Root, "daemon");
        a.Env["XDG_RUNTIME_DIR"] = Path.Combine(stateDir, "run");

        Assert.Equal(0, (await a.RunAsync("status")).ExitCode); // direct mode: the account works
        var before = await a.RunAsync("status", "--daemon");
        Assert.Equal(2, before.ExitCode);
        Assert.Contains("no daemon of this instance is running", before.StdErr, StringComparison.Ordinal);

        string token;
        await using (var daemon = await DaemonProcess.StartAsync(server, alice, room, stateDir))
        {
            token = AgentChat.Configuration.DiscoveryFile.TryRead(daemon.DiscoveryPath)!.Token;
            var running = await a.RunAsync("status", "--daemon", "--json");
            Assert.True(running.ExitCode == 0, $"status --daemon exited {running.ExitCode}\nstdout: {running.StdOut}\nstderr: {running.StdErr}\ndaemon log:\n{daemon.Log}");
            var report = CliJson.Object(running.StdOut);
            Assert.Equal("gateway", report.GetProperty("mode").GetString());
            Assert.True(report.GetProperty("healthy").GetBoolean());
            Assert.Equal("", running.StdErr);
            Assert.DoesNotContain(token, running.StdOut, StringComparison.Ordinal);
            Assert.DoesNotContain(alice.AccessToken, running.StdOut, StringComparison.Ordinal);

            daemon.Kill(); // its discovery file stays behind
            await Eventually.WaitAsync(() => Task.FromResult(daemon.HasExited ? "exited" : null), Cchat.Timeout, "the killed daemon exits");
            Assert.True(File.Exists(daemon.DiscoveryPath));
            var killed = await a.RunAsync("status", "--daemon");
            Assert.Equal(2, killed.ExitCode);
            Assert.Contains("no daemon answers at", killed.StdErr, StringComparison.Ordinal);
        }

        await using (var daemon = await DaemonProcess.StartAsync(server, alice, room, stateDir))
        {
            Assert.Equal(0, (await a.RunAsync("status", "--daemon")).ExitCode);
            await daemon.TerminateAsync();
        }
        var stopped = await a.RunAsync("status", "--daemon");
        Assert.Equal(2, stopped.ExitCode);
        Assert.Contains("no daemon of this instance is running", stopped.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(token, stopped.StdOut + stopped.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_daemon_that_does_not_sync_or_runs_as_another_account_is_not_this_instances_healthy_daemon()
    {
        var status = Status("@alice:example.org", connected: false);
        await using var gateway = new FakeGateway(_ => Task.FromResult<byte[]?>(FakeGateway.Json(200, status, GatewayJsonContext.Default.StatusResponse)));
        using var cchat = new Cchat();
        cchat.Env["AGENTCHAT_USER_ID"] = "@alice:example.org";
        gateway.WriteDiscoveryFile(cchat, "alice", "@alice:example.org");

        var notSyncing = await cchat.RunAsync("status", "--daemon");
        Assert.Equal(2, notSyncing.ExitCode);
        Assert.Contains("is not syncing with the homeserver (M_UNKNOWN_TOKEN: gone)", notSyncing.StdErr, StringComparison.Ordinal);

        status = Status("@mallory:example.org", connected: true);
        await using var other = new FakeGateway(_ => Task.FromResult<byte[]?>(FakeGateway.Json(200, status, GatewayJsonContext.Default.StatusResponse)));
        other.WriteDiscoveryFile(cchat, "alice", "@alice:example.org");
        var wrongAccount = await cchat.RunAsync("status", "--daemon");
        Assert.Equal(2, wrongAccount.ExitCode);
        Assert.Contains("runs as @mallory:example.org, not @alice:example.org", wrongAccount.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(other.Token, wrongAccount.StdOut + wrongAccount.StdErr, StringComparison.Ordinal);
    }

    private static StatusResponse Status(string userId, bool connected) => new()
    {
        Instance = "alice",
        UserId = userId,
        Homeserver = "http://127.0.0.1:9",
        Sync = new SyncStatus(connected, null, connected ? 0 : 3, connected ? 0 : 4, connected ? null : "M_UNKNOWN_TOKEN: gone"),
        BufferCount = 0,
        BufferCapacity = 200,
        OutboxDepth = 0,
        Rooms = [],
        UptimeSeconds = 1,
        Version = "test",
    };
}
