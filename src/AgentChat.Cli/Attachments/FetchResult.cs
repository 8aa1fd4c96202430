namespace AgentChat.Cli.Attachments;

/// <summary>What <c>cchat fetch</c> wrote: where, how many bytes, and what the message said of the file.</summary>
internal sealed record FetchResult(string Path, long Size, string Name, string? Mimetype, string EventId, string Via);
