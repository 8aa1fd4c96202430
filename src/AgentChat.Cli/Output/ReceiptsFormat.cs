using System.Globalization;
using AgentChat.Receipts;
using AgentChat.Unanswered;

namespace AgentChat.Cli.Output;

/// <summary>Text for <c>cchat sent</c> and <c>cchat pending</c>.</summary>
internal static class ReceiptsFormat
{
    public static string Sent(SentResponse r, bool pendingOnly)
    {
        if (r.Messages.Count == 0) return pendingOnly ? "nothing pending: every recent message reached its goal" : "no messages sent recently";
        var lines = new List<string>();
        foreach (var m in r.Messages)
        {
            var kind = m.Kind == "chat" ? "" : $" [{m.Kind.ToUpperInvariant()}]";
            lines.Add($"[{Time(m.Ts)}]{kind} {m.State}{(m.Pending ? " (pending)" : "")}: {m.Text}\n    id={m.EventId} in {m.Room ?? m.RoomId}");
            if (m.Recipients.Count == 0) lines.Add("    no recipients (nobody else is registered)");
            foreach (var p in m.Recipients)
            {
                var when = p.ActedAt is { } a ? $" at {Time(a)} ({p.ActedEventId})"
                    : p.DeliveredAt is { } d ? $" to the session at {Time(d)}"
                    : p.ReadAt is { } rd ? $" at {Time(rd)}" : "";
                var seen = p.State == ReceiptState.Acted && p.DeliveredAt is { } was ? $"; delivered to the session at {Time(was)}" : "";
                lines.Add($"    {p.UserId}{(p.Instance is { } i ? $" ({i})" : "")}: {p.State}{when}{seen}");
            }
        }
        return string.Join('\n', lines);
    }

    public static string Pending(PendingResponse r)
    {
        if (r.Items.Count == 0) return $"no question or task has waited more than {r.AfterSeconds} s for an answer";
        var lines = new List<string> { $"unanswered for more than {r.AfterSeconds} s:" };
        foreach (var i in r.Items)
        {
            var to = i.To.Count > 0 ? "to " + string.Join(", ", i.To) : "to the room";
            lines.Add($"[{Time(i.Ts)}] [{i.Kind.ToUpperInvariant()}] {i.Sender}{(i.Instance is { } n ? $" ({n})" : "")} {to}: {i.Text}\n    {i.Link}");
        }
        return string.Join('\n', lines);
    }

    private static string Time(long ms) =>
        ms is >= 0 and <= 253_370_764_800_000 ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "??:??:??";
}
