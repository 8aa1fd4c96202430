namespace AgentChat.Archive.Store;

/// <summary>One read receipt: <see cref="UserId"/> had read up to <see cref="EventId"/> at <see cref="Ts"/>.</summary>
internal sealed record ReceiptRow(string RoomId, string EventId, string UserId, string ReceiptType, string? ThreadId, long Ts);
