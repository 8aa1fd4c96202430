using System.Globalization;
using AgentChat.Tasks;

namespace AgentChat.Cli.Tasks;

/// <summary>Tasks and threads as short readable text; <c>--json</c> prints the gateway's shapes.</summary>
internal static class TaskText
{
    public static string List(TaskListResponse r) =>
        r.Tasks.Count == 0 ? "no tasks" : string.Join('\n', r.Tasks.Select(Line));

    public static string Line(TaskView t)
    {
        var assignee = t.Assignee is null ? "unassigned" : $"-> {Who(t.Assignee, t.AssigneeInstance)}";
        var due = t.Due is { } d ? $", due {d}" : "";
        var waiting = t.WaitingOn.Count > 0 ? $", waiting on {string.Join(", ", t.WaitingOn)}" : "";
        return $"{t.Id} [{t.State}] {t.Title}\n    {assignee}, from {Who(t.Creator, t.CreatorInstance)}{due}{waiting}, in {t.Room ?? t.RoomId}, updated {At(t.UpdatedTs)}";
    }

    public static string Show(TaskResponse r)
    {
        var t = r.Task;
        var lines = new List<string> { Line(t), "    history:" };
        lines.Add($"      {At(t.CreatedTs)} {Who(t.Creator, t.CreatorInstance)}: created ({(t.Assignee is null ? "open" : "assigned")})");
        foreach (var h in t.History ?? [])
        {
            var what = h.State == TaskStates.Assigned ? $"assigned to {h.Assignee}" : h.State ?? "?";
            lines.Add($"      {At(h.Ts)} {Who(h.Sender, h.Instance)}: {what}" + (h.Applied ? "" : $"  (ignored: {h.Reason})"));
        }
        if (r.Cost is { } cost) lines.Add(CostText.Line(cost));
        return string.Join('\n', lines);
    }

    public static string Moved(TaskMoveResponse r) =>
        r.Queued ? $"queued (txn {r.TxnId}): the daemon sends it when the homeserver is back"
        : r.Task is { } t ? $"task {t.Id} is {t.State}" + (t.Assignee is null ? "" : $" (assignee {Who(t.Assignee, t.AssigneeInstance)})") + $"; sent {r.EventId}"
        : $"sent {r.EventId}";

    public static string Threads(ThreadsResponse r) =>
        r.Threads.Count == 0 ? "no threads" : string.Join('\n', r.Threads.Select(t =>
            $"{t.Id} {t.Replies} replies, {t.Unread} unread, last {At(t.LastTs)}: {Short(t.RootText)}\n    participants: {string.Join(", ", t.Participants)}"));

    private static string Who(string userId, string? instance) => instance is null ? userId : $"{userId} ({instance})";

    private static string Short(string? text) => text is null ? "(root not in recent history)" : text.Length > 80 ? text[..77] + "..." : text;

    private static string At(long ms) =>
        ms is >= 0 and <= 253_370_764_800_000
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : "?";
}
