using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Wake;

/// <summary>alice with a daemon and <c>cchat mcp</c> beside it (as a Claude Code session has), bob with a daemon to write to her.</summary>
internal static class WakeSetup
{
    /// <summary>The CLI environment of the agent whose daemon is <paramref name="daemon"/>: it finds that daemon by its discovery file.</summary>
    public static Cchat CliBeside(SynapseServer server, TestDaemon daemon, string alias, IReadOnlyDictionary<string, string>? env = null)
    {
        var cchat = Cchat.For(server, daemon.User, alias);
        cchat.Env["XDG_RUNTIME_DIR"] = Path.Combine(daemon.StateDir, "run");
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) cchat.Env[k] = v;
        return cchat;
    }

    public static SendRequest To(TestUser user, string text, string? meta = null, string? thread = null, string kind = "chat") => new()
    {
        Text = text,
        Kind = kind,
        To = [user.UserId.Value],
        Thread = thread,
        Meta = meta is null ? null : JsonDocument.Parse(meta).RootElement.Clone(),
    };

    /// <summary>The event ids a push carries: its own, or each of a batch's.</summary>
    public static IReadOnlyList<string> EventIds(ChannelClient.Push push) =>
        push.Meta.TryGetValue("event_ids", out var ids) ? ids.Split(',') : [push.Meta["event_id"]];

    /// <summary>Waits until <paramref name="daemon"/>'s buffer holds <paramref name="eventId"/> (a peek: nothing marked read).</summary>
    public static async Task WaitHeldAsync(TestDaemon daemon, string eventId) =>
        await Eventually.WaitAsync(async () => (await daemon.ReadAsync("?since=0&limit=1000")).Messages.Any(m => m.EventId == eventId) ? "held" : null,
            TestDaemon.Timeout, $"{daemon.User.UserId}'s daemon holds {eventId}");
}
