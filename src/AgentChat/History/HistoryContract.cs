using AgentChat.Messages;

namespace AgentChat.History;

// The history API's JSON, shared by the archive that serves it, the CLI and the MCP server.

/// <summary>One message found, with its search rank and a highlighted snippet when the query had words.</summary>
public sealed record HistoryMessage(ChatMessage Message, double? Rank = null, string? Snippet = null);

/// <summary>
/// What <c>GET /history</c> answers. <c>next</c> is the <c>before</c> for the next older page (null when there is none);
/// <c>source</c> is <c>archive</c>, or <c>matrix</c> when read from the homeserver's /messages instead.
/// </summary>
public sealed record HistoryResponse(IReadOnlyList<HistoryMessage> Messages, string? Next, string Source);
