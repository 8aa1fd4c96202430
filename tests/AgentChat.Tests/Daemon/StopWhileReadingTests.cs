using System.Diagnostics;
using System.Net;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AgentChat.Tests.Daemon;

/// <summary>SIGTERM to a real <c>cchat daemon</c> process while readers are parked on its gateway.</summary>
public sealed class StopWhileReadingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sigterm_with_parked_readers_ends_them_at_once_exits_quickly_and_leaves_the_agent_offline()
    {
        var server = await SynapseServer.GetAsync();
        var owner = await server.CreateUserAsync("own");
        var agent = await server.CreateUserAsync("agent");
        var (roomId, alias) = await SharedRoom.CreateAsync(server, owner, agent);
        var stateDir = Path.Combine(Path.GetTempPath(), "agentchat-tests", "stopread-" + Guid.NewGuid().ToString("N")[..8]);
        await using var daemon = await DaemonProcess.StartAsync(server, agent, alias, stateDir);
        await Eventually.WaitAsync(async () => await RegistryStatusAsync(owner, roomId, agent) == "online" ? "online" : null,
            TestDaemon.Timeout, "registry entry online");

        // Two readers parked on the gateway, and a CLI parked through it.
        using var events = await daemon.Http.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestDaemon.Timeout);
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        var eventsEnded = events.Content.ReadAsStringAsync();
        var read = daemon.Http.GetAsync("/read?wait=60");
        using var cli = Cchat.For(server, agent, alias);
        cli.Env["XDG_RUNTIME_DIR"] = daemon.RuntimeDir;
        var connected = GatewayConnections(daemon);
        var cliClock = Stopwatch.StartNew();
        var cliRead = cli.RunAsync("read", "--wait", "45");
        await ParkedAsync(daemon, connected, cliRead);
        Assert.False(read.IsCompleted || eventsEnded.IsCompleted || cliRead.IsCompleted, "a reader returned before the stop");

        var took = await daemon.TerminateAsync();
        output.WriteLine($"SIGTERM → exit with two parked readers and a parked CLI: {took.TotalMilliseconds:0} ms");

        using var readResponse = await read.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, readResponse.StatusCode);
        var page = System.Text.Json.JsonSerializer.Deserialize(await readResponse.Content.ReadAsStringAsync(), GatewayJsonContext.Default.ReadResponse)!;
        Assert.Empty(page.Messages);
        await eventsEnded.WaitAsync(TimeSpan.FromSeconds(5));

        // The CLI heard the daemon's empty answer (or lost it mid-wait) and did not start its 45 s wait again in direct mode.
        var cliResult = await cliRead.WaitAsync(TimeSpan.FromSeconds(15));
        output.WriteLine($"parked `cchat read --wait 45` returned {cliClock.Elapsed.TotalMilliseconds:0} ms after it started");
        Assert.True(cliResult.ExitCode == 0, $"cchat read exited {cliResult.ExitCode}: {cliResult.StdErr}");

        Assert.True(took < TimeSpan.FromSeconds(3), $"stopping took {took}; log:\n{daemon.Log}");
        Assert.Equal("offline", await RegistryStatusAsync(owner, roomId, agent));
        Assert.DoesNotContain("could not write offline", daemon.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cli_whose_daemon_dies_mid_wait_returns_empty_instead_of_waiting_again_in_direct_mode()
    {
        var server = await SynapseServer.GetAsync();
        var owner = await server.CreateUserAsync("own");
        var agent = await server.CreateUserAsync("agent");
        var (_, alias) = await SharedRoom.CreateAsync(server, owner, agent);
        var stateDir = Path.Combine(Path.GetTempPath(), "agentchat-tests", "killread-" + Guid.NewGuid().ToString("N")[..8]);
        await using var daemon = await DaemonProcess.StartAsync(server, agent, alias, stateDir);

        using var cli = Cchat.For(server, agent, alias);
        cli.Env["XDG_RUNTIME_DIR"] = daemon.RuntimeDir;
        var connected = GatewayConnections(daemon);
        var cliRead = cli.RunAsync("read", "--wait", "45", "--json");
        await ParkedAsync(daemon, connected, cliRead);
        Assert.False(cliRead.IsCompleted, "the read returned before the daemon died");

        var clock = Stopwatch.StartNew();
        daemon.Kill();
        var result = await cliRead.WaitAsync(TimeSpan.FromSeconds(20));
        output.WriteLine($"`cchat read --wait 45` returned {clock.ElapsedMilliseconds} ms after its daemon was killed");
        Assert.True(result.ExitCode == 0, $"cchat read exited {result.ExitCode}: {result.StdErr}");
        Assert.Contains("\"messages\":[]", result.StdOut.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    /// <summary>
    /// Waits until the CLI holds a connection to the gateway (one more established than before it started), then
    /// a moment for its request to park: killing the daemon before that would test the stale-discovery fallback instead.
    /// </summary>
    private static async Task ParkedAsync(DaemonProcess daemon, int before, Task cli)
    {
        await Eventually.WaitAsync(() => Task.FromResult(cli.IsCompleted || GatewayConnections(daemon) > before ? "connected" : null),
            TestDaemon.Timeout, "the CLI connected to the gateway");
        await Task.Delay(TimeSpan.FromSeconds(2));
    }

    /// <summary>Established TCP connections to the gateway's port, from /proc/net/tcp (the gateway binds 127.0.0.1).</summary>
    private static int GatewayConnections(DaemonProcess daemon)
    {
        var port = daemon.Http.BaseAddress!.Port.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
        return File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(f => f.Length > 3 && f[1].EndsWith(":" + port, StringComparison.Ordinal) && f[3] == "01");
    }

    /// <summary>What <c>who</c> reads: the registry entry, fetched by a raw client of another account.</summary>
    private static async Task<string?> RegistryStatusAsync(TestUser owner, RoomId roomId, TestUser agent)
    {
        try
        {
            var entry = await owner.Client.GetStateAsync(roomId, "com.aiagentchat.instance", agent.UserId.Value).WaitAsync(TestDaemon.Timeout);
            return entry.GetProperty("status").GetString();
        }
        catch (MatrixException)
        {
            return null;
        }
    }
}
