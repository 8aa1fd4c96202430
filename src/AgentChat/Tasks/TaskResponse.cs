using AgentChat.Accounting;

namespace AgentChat.Tasks;

/// <summary>GET /tasks/{id}: one task with its history, and what the bridge answers in its thread cost (null: none).</summary>
public sealed record TaskResponse(TaskView Task, AskingAccount You, CostTotals? Cost = null);
