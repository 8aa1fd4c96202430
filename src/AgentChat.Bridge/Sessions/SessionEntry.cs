namespace AgentChat.Bridge.Sessions;

/// <summary>One thread's Claude Code session: its id and when it was last used (Unix ms).</summary>
internal sealed record SessionEntry(string Session, long At);
