using System.Globalization;
using AgentChat.Gateway;
using AgentChat.Tasks;

namespace AgentChat.Cli.Gateway;

internal sealed partial class GatewayClient
{
    private static readonly TimeSpan TaskCallTimeout = TimeSpan.FromSeconds(60);

    public async Task<TaskListResponse> TasksAsync(TaskQuery query, CancellationToken ct)
    {
        var q = new List<string>();
        if (query.State is not null) q.Add("state=" + Uri.EscapeDataString(query.State));
        if (query.Assignee is not null) q.Add("assignee=" + Uri.EscapeDataString(query.Assignee));
        if (query.Creator is not null) q.Add("creator=" + Uri.EscapeDataString(query.Creator));
        if (query.WaitingOnHumans) q.Add("waiting_on_humans=true");
        using var response = await CallAsync(HttpMethod.Get, q.Count == 0 ? "tasks" : "tasks?" + string.Join('&', q), null, TaskCallTimeout, ct);
        return Deserialize(await response.Content.ReadAsByteArrayAsync(ct), TasksJsonContext.Default.TaskListResponse);
    }

    public async Task<TaskResponse> TaskAsync(string id, CancellationToken ct)
    {
        using var response = await CallAsync(HttpMethod.Get, "tasks/" + Uri.EscapeDataString(id), null, TaskCallTimeout, ct);
        return Deserialize(await response.Content.ReadAsByteArrayAsync(ct), TasksJsonContext.Default.TaskResponse);
    }

    public async Task<ThreadsResponse> ThreadsAsync(CancellationToken ct)
    {
        using var response = await CallAsync(HttpMethod.Get, "threads", null, TaskCallTimeout, ct);
        return Deserialize(await response.Content.ReadAsByteArrayAsync(ct), TasksJsonContext.Default.ThreadsResponse);
    }

    public async Task<ReadResponse> ThreadAsync(string id, string? since, int? limit, CancellationToken ct)
    {
        var q = new List<string>();
        if (since is not null) q.Add("since=" + Uri.EscapeDataString(since));
        if (limit is { } l) q.Add("limit=" + l.ToString(CultureInfo.InvariantCulture));
        var path = "threads/" + Uri.EscapeDataString(id) + (q.Count > 0 ? "?" + string.Join('&', q) : "");
        using var response = await CallAsync(HttpMethod.Get, path, null, TaskCallTimeout, ct);
        return Deserialize(await response.Content.ReadAsByteArrayAsync(ct), GatewayJsonContext.Default.ReadResponse);
    }

    public async Task<TaskMoveResponse> NewTaskAsync(TaskNewRequest request, CancellationToken ct)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(request, TasksJsonContext.Default.TaskNewRequest);
        using var response = await CallAsync(HttpMethod.Post, "tasks", body, TaskCallTimeout, ct);
        return Deserialize(await response.Content.ReadAsByteArrayAsync(ct), TasksJsonContext.Default.TaskMoveResponse);
    }

    public async Task<TaskMoveResponse> MoveTaskAsync(string id, TaskMoveRequest request, CancellationToken ct)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(request, TasksJsonContext.Default.TaskMoveRequest);
        using var response = await CallAsync(HttpMethod.Post, "tasks/" + Uri.EscapeDataString(id), body, TaskCallTimeout, ct);
        return Deserialize(await response.Content.ReadAsByteArrayAsync(ct), TasksJsonContext.Default.TaskMoveResponse);
    }
}
