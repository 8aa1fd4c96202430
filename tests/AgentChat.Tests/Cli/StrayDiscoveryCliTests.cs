using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Cli;

/// <summary>A stray <c>foo.json</c> where discovery files live is no daemon: the CLI goes direct instead of crashing.</summary>
public sealed class StrayDiscoveryCliTests
{
    [Fact]
    public async Task A_lone_stray_json_file_in_the_runtime_dir_leaves_the_cli_in_direct_mode()
    {
        var (server, alice, _, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        var dir = Path.Combine(a.Root, "run", "agentchat");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "foo.json"), "{}");

        var r = await a.RunAsync("send", "past the stray file", "--json");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("\"via\":\"direct\"", r.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("NullReference", r.StdErr, StringComparison.Ordinal);
    }
}
