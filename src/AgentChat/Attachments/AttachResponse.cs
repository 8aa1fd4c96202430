namespace AgentChat.Attachments;

/// <summary>
/// What <c>POST /attach</c> (and the CLI's direct mode) made of one file: the event, or queued after the upload
/// (the outbox sends the event later, pointing at the file already uploaded).
/// </summary>
public sealed record AttachResponse(string TxnId, string? EventId, string? RoomId, bool Queued, AttachmentRef File, IReadOnlyList<string>? Warnings = null);
