using System.Text.Json;
using AgentChat.Cli.Agent;
using AgentChat.Cli.Tasks;
using AgentChat.Gateway;
using AgentChat.Tasks;
using static AgentChat.Cli.Mcp.ToolArgs;

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
            "task_new" => JsonSerializer.Serialize(await tasks.NewAsync(Required(a, "text"), To(a), Text(a, "due"), ct), json.TaskMoveResponse),
            "task_move" => JsonSerializer.Serialize(await tasks.MoveAsync(Required(a, "id"), Required(a, "action"), Text(a, "assignee"), Text(a, "note"), List(a, "on") ?? [], Text(a, "due"), ct), json.TaskMoveResponse),
            "task_list" => JsonSerializer.Serialize(await tasks.ListAsync(TaskQuery.Parse(Text(a, "state"), Text(a, "assignee"), Text(a, "creator"),
                Flag(a, "waiting_on_humans") ? "true" : null), ct), json.TaskListResponse),
            "task_show" => JsonSerializer.Serialize(await tasks.ShowAsync(Required(a, "id"), ct), json.TaskResponse),
            "threads" => JsonSerializer.Serialize(await tasks.ThreadsAsync(ct), json.ThreadsResponse),
            _ => JsonSerializer.Serialize(await tasks.ThreadAsync(Required(a, "id"), Text(a, "since"), null, ct), GatewayJsonContext.Default.ReadResponse),
        };
    }

    /// <summary>Whom a new task is for: <c>to</c>, as <c>send</c> says it; <c>assign</c> and <c>assignee</c> are accepted too.</summary>
    private static string? To(IDictionary<string, JsonElement> a) => Text(a, "to") ?? Text(a, "assign") ?? Text(a, "assignee");
}
