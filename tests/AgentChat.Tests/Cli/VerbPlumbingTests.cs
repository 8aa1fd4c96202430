using System.Text.Json;
using AgentChat.Registry;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Cli;

/// <summary>
/// The plumbing every verb gets from the base command: the result as text or, with <c>--json</c>, as JSON on stdout,
/// and each warning on stderr under the whole verb's name (<c>cchat task new:</c>, not only its last word).
/// </summary>
public sealed class VerbPlumbingTests
{
    [Fact]
    public async Task Warnings_name_the_whole_verb_and_json_or_text_follows_the_flag()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        var roomId = await bob.Client.JoinRoomAsync(room).WaitAsync(TestDaemon.Timeout);
        var lastSeen = DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeMilliseconds();
        await InstanceRegistry.WriteAsync(bob.Client, roomId, bob.UserId, new InstanceEntry
        {
            Instance = "bobby", Kind = "persistent", LastSeen = lastSeen, StartedAt = lastSeen, Status = "offline",
        }, CancellationToken.None).WaitAsync(TestDaemon.Timeout);
        using var a = Cchat.For(server, alice, room); // no daemon: direct mode

        var sent = await a.RunAsync("send", "when you are back", "--to", "bobby");
        Assert.True(sent.ExitCode == 0, sent.StdErr);
        Assert.Contains("cchat send: warning: bobby is offline", sent.StdErr, StringComparison.Ordinal);
        Assert.StartsWith("sent ", sent.StdOut, StringComparison.Ordinal);

        var task = await a.RunAsync("task", "new", "Rotate the keys", "--assign", "bobby", "--json");
        Assert.True(task.ExitCode == 0, task.StdErr);
        Assert.Contains("cchat task new: warning: ", task.StdErr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(task.StdOut);
        Assert.StartsWith("$", json.RootElement.GetProperty("event_id").GetString(), StringComparison.Ordinal);
    }
}
