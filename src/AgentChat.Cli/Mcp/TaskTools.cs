using System.Text.Json;
using AgentChat.Cli.Agent;
using AgentChat.Cli.Tasks;
using AgentChat.Gateway;
using AgentChat.Tasks;

namespace AgentChat.Cli.Mcp;

/// <summary>Runs the task and thread tools on the same <see cref="TaskAgent"/> as the CLI verbs.</summary>
internal sealed class TaskTools(AgentService agent)
{
    public static bool Handles(string? name) => name is "task_new" or "task_move" or "task_list" or "task_show" or "threads" or "thread";

    public async Task<string> CallAsync(string name, IDictionary<string, JsonElement> a, CancellationToken ct)
    {
        var tasks = new TaskAgent(agent, TimeProvider.System);
        var json = TasksJsonContext.Default;
        return name switch
        {
            "task_new" => JsonSerializer.Serialize(await tasks.NewAsync(Required(a, "text"), Str(a, "assignee"), Str(a, "due"), ct), json.TaskMoveResponse),
            "task_move" => JsonSerializer.Serialize(await tasks.MoveAsync(Required(a, "id"), Required(a, "action"), Str(a, "assignee"), Str(a, "note"), Strs(a, "on"), Str(a, "due"), ct), json.TaskMoveResponse),
            "task_list" => JsonSerializer.Serialize(await tasks.ListAsync(TaskQuery.Parse(Str(a, "state"), Str(a, "assignee"), Str(a, "creator"),
                a.TryGetValue("waiting_on_humans", out var w) && w.ValueKind == JsonValueKind.True ? "true" : null), ct), json.TaskListResponse),
            "task_show" => JsonSerializer.Serialize(await tasks.ShowAsync(Required(a, "id"), ct), json.TaskResponse),
            "threads" => JsonSerializer.Serialize(await tasks.ThreadsAsync(ct), json.ThreadsResponse),
            _ => JsonSerializer.Serialize(await tasks.ThreadAsync(Required(a, "id"), Str(a, "since"), null, ct), GatewayJsonContext.Default.ReadResponse),
        };
    }

    private static string Required(IDictionary<string, JsonElement> a, string key) =>
        Str(a, key) ?? throw new UsageException($"{key} is required");

    private static string? Str(IDictionary<string, JsonElement> a, string key) =>
        a.TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    private static List<string> Strs(IDictionary<string, JsonElement> a, string key) =>
        a.TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : a.TryGetValue(key, out var one) && one.ValueKind == JsonValueKind.String ? [one.GetString()!] : [];
}
