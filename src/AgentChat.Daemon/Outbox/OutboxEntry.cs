using System.Text.Json;

namespace AgentChat.Daemon.Outbox;

/// <summary>
/// A message accepted by /send, as written to disk before the reply. Its transaction id goes with it to every
/// retry, across restarts, so the homeserver stores it once whatever happens.
/// </summary>
/// <param name="Target">The room as the sender named it (id or alias), resolved at delivery.</param>
/// <param name="DirectTo">For a DM: the other account's user id; the room is found or created at delivery.</param>
internal sealed record OutboxEntry(long Seq, string TxnId, string? Target, string? DirectTo, JsonElement Content, long AcceptedMs);
