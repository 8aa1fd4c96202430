namespace AgentChat.Cli.Attachments;

/// <summary>One file <c>cchat send --file</c> sent: its upload and its event (or queued after the upload).</summary>
internal sealed record SentFile(
    string Name, long? Size, string? Mimetype, string? Url, string TxnId, string? EventId, string? RoomId, bool Queued, string Via,
    IReadOnlyList<string>? Warnings = null);

/// <summary><c>cchat send --file … --json</c>: every file, in order.</summary>
internal sealed record SentFiles(IReadOnlyList<SentFile> Files);
