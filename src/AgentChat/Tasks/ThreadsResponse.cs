namespace AgentChat.Tasks;

/// <summary>GET /threads: the room's threads, last activity first.</summary>
public sealed record ThreadsResponse(IReadOnlyList<ThreadSummary> Threads);
