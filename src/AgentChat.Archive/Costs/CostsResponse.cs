using AgentChat.Accounting;

namespace AgentChat.Archive.Costs;

/// <summary>The answer of <c>GET /costs</c>: one row per agent, thread or task (<see cref="By"/>), most expensive first.</summary>
internal sealed record CostsResponse(string By, IReadOnlyList<CostRow> Rows);

/// <summary>One group's bridge answers: its key (agent name, thread id or task id), their summed cost, first and last answer.</summary>
internal sealed record CostRow(string Key, CostTotals Totals, long FirstTs, long LastTs);
