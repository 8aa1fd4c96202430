namespace AgentChat.Bridge.Sessions;

/// <summary><c>sessions.json</c> in the bridge's state directory: thread root event id → session.</summary>
internal sealed record SessionFile(Dictionary<string, SessionEntry>? Sessions);
