using System.Text.Json;
using AgentChat.Cli.Agent;
using AgentChat.Decisions;
using static AgentChat.Cli.Mcp.ToolArgs;

namespace AgentChat.Cli.Decisions;

/// <summary>Runs the decision tools on the same <see cref="DecisionAgent"/> as the CLI verbs.</summary>
internal sealed class DecisionTools(AgentService agent)
{
    /// <summary>A tool call should not hold the session for hours: a wait is at most this long per call (call again to go on).</summary>
    public const int MaxWaitSeconds = 600;

    public static bool Handles(string? name) => name is "decision_ask" or "decision_wait" or "decision_show";

    public async Task<string> CallAsync(string name, IDictionary<string, JsonElement> a, CancellationToken ct)
    {
        var decisions = new DecisionAgent(agent, TimeProvider.System);
        var json = DecisionsJsonContext.Default;
        return name switch
        {
            "decision_ask" => JsonSerializer.Serialize(await decisions.AskAsync(new DecisionAskRequest
            {
                Question = Required(a, "question"), Choices = List(a, "choices") ?? [], To = List(a, "to"), From = List(a, "from"),
                Timeout = Text(a, "timeout"), Room = Text(a, "room"), Task = Text(a, "task"),
            }, ct), json.DecisionAskResponse),
            "decision_wait" => JsonSerializer.Serialize(await decisions.WaitAsync(Required(a, "id"), Text(a, "room"),
                TimeSpan.FromSeconds(Math.Clamp(Int(a, "timeout_seconds") ?? 120, 0, MaxWaitSeconds)), ct), json.DecisionWaitResponse),
            _ => JsonSerializer.Serialize(await decisions.ShowAsync(Required(a, "id"), Text(a, "room"), ct), json.DecisionView),
        };
    }
}
