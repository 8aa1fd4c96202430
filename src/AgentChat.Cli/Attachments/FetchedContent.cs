namespace AgentChat.Cli.Attachments;

/// <summary>The MCP <c>fetch_file</c> tool's answer without a path: the bytes in base64 (small files only).</summary>
internal sealed record FetchedContent(string Name, long Size, string? Mimetype, string EventId, string ContentBase64);
