using System.Globalization;
using AgentChat.Cli.Agent;
using AgentChat.Cli.Contract;
using AgentChat.Gateway;
using AgentChat.Messages;
using AgentChat.Registry;

namespace AgentChat.Cli.Output;

/// <summary>Short readable text for people and agents reading a terminal; <c>--json</c> is for machines.</summary>
internal static class TextFormat
{
    public static string Send(SendResult r) => r.Queued
        ? $"queued (txn {r.TxnId}): the daemon delivers it when the homeserver is back"
        : $"sent {r.EventId} to {r.RoomId} (via {r.Via})";

    public static string Read(ReadResponse r)
    {
        if (r.Messages.Count == 0) return "no new messages";
        var lines = new List<string>();
        if (r.Gap == true) lines.Add("(older messages fell out of the daemon's buffer; some were skipped)");
        lines.AddRange(r.Messages.Select(Message));
        return string.Join('\n', lines);
    }

    public static string Message(ChatMessage m)
    {
        var time = At(m.Ts)?.ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? "??:??:??";
        // The Matrix id first: it is the one fact the homeserver vouches for; a claim that disagrees is flagged.
        var who = m.Sender
                  + (m.Instance is { } instance ? $" ({instance})" : "")
                  + (m.Spoofed ? $" (claims {m.ClaimedInstance ?? "another instance"})" : "")
                  + (m.Human ? " [human]" : "");
        var kind = m.Kind == MessageKind.Chat ? "" : $" [{m.Kind.ToUpperInvariant()}]";
        var where = m.Room ?? m.RoomId;
        var relation = m.Thread is { } thread ? $" thread={thread}" : m.ReplyTo is { } reply ? $" reply_to={reply}" : "";
        return $"[{time}] {who}{kind} in {where}: {m.Text}\n    id={m.EventId}{relation}{File(m)}";
    }

    /// <summary>The file a message carries, and how to get it; its name was made safe to print when it was read.</summary>
    private static string File(ChatMessage m) => m.Attachment is not { } a ? ""
        : $"\n    file: {a.Name} ({(a.Size is { } size ? AgentChat.Attachments.Sizes.Human(size) : "size unknown")}, {a.Mimetype ?? "type unknown"})"
          + (a.Url is null ? " - no mxc:// url, cannot be fetched" : $" - cchat fetch {m.EventId}");

    /// <summary>Local time of a timestamp from the room (a stranger may write any number); null when out of range.</summary>
    private static DateTimeOffset? At(long ms) =>
        ms is >= 0 and <= 253_370_764_800_000 ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToLocalTime() : null;

    public static string Who(WhoResponse r)
    {
        if (r.Instances.Count == 0) return "no instances registered in the shared room";
        return string.Join('\n', r.Instances.Select(Instance));
    }

    private static string Instance(InstanceInfo i)
    {
        var state = i.Alive ? "online " : "offline";
        var seen = At(i.LastSeen) is { } lastSeen && i.LastSeen > 0 ? $", last seen {lastSeen:yyyy-MM-dd HH:mm:ss}" : "";
        var desc = i.Description is { Length: > 0 } d ? $" - {d}" : "";
        var caps = i.Capabilities.Count > 0 ? $" [{string.Join(", ", i.Capabilities)}]" : "";
        var presence = PresenceText.Row(i, DateTimeOffset.UtcNow);
        var contested = i.Contested ? $", contested: the name is held by {i.HeldBy}" : "";
        return $"{state} {i.Instance} ({i.Kind}) {i.UserId} on {i.Host ?? "?"}{contested}{presence}{seen}{desc}{caps}";
    }

    public static string Status(StatusReport r)
    {
        var lines = new List<string>();
        if (r.Daemon is { } d)
        {
            lines.Add($"daemon: running at {r.Gateway} - {d.Instance} ({d.UserId}) on {d.Homeserver}, version {d.Version}");
            lines.Add($"  sync: {(d.Sync.Connected ? "connected" : "not connected")}, failures {d.Sync.ConsecutiveFailures}{(d.Sync.LastError is { } err ? $", last error: {err}" : "")}");
            lines.Add($"  buffer {d.BufferCount}/{d.BufferCapacity}, outbox {d.OutboxDepth}, rooms {string.Join(", ", d.Rooms)}, up {TimeSpan.FromSeconds(Math.Round(d.UptimeSeconds))}");
            if (d.RegistryProblem is { } problem) lines.Add($"  registry: {problem}");
            if (d.SkippedEvents > 0) lines.Add($"  skipped events: {d.SkippedEvents} (unreadable; see the daemon's log for their ids)");
            if (d.LoopGuard is { } guard)
                lines.Add($"  loop guard: budget {guard.Budget} per room/thread" + (guard.Scopes.Count == 0 ? ", nothing counted"
                    : ": " + string.Join(", ", guard.Scopes.Select(s => $"{s.RoomId}{(s.Thread is { } t ? " thread " + t : "")} {s.Used}/{s.Budget}"))));
            if (d.Unanswered is { Count: > 0 } unanswered) lines.Add($"  unanswered: {unanswered.Count} question(s)/task(s) nobody answered (cchat pending)");
        }
        else
        {
            lines.Add(r.Gateway is null ? "daemon: not running (commands use direct REST)"
                : r.GatewayError is { } error ? $"daemon: {error}"
                : $"daemon: no answer at {r.Gateway} (commands use direct REST)");
        }
        if (r.Account is { } a)
            lines.Add(a.Ok ? $"account: {a.UserId} accepted by the homeserver" : $"account: not usable - {a.Error}");
        if (r.Room is { } room)
            lines.Add(room.Ok ? $"shared room: {room.Room} ({room.RoomId})" : $"shared room: not usable - {room.Error}");
        lines.Add($"healthy: {(r.Healthy ? "yes" : "no")}");
        lines.Add($"config file: {r.ConfigPath}");
        foreach (var s in r.Settings)
        {
            var value = s.Secret ? (s.Set ? "set" : "not set") : s.Value ?? "not set";
            lines.Add($"  {s.Name,-20} {value} ({s.Source})");
        }
        return string.Join('\n', lines);
    }
}
