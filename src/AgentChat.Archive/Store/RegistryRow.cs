namespace AgentChat.Archive.Store;

/// <summary>One registry or humans-setting state event as archived.</summary>
internal sealed record RegistryRow(
    string EventId, string RoomId, string Type, string StateKey, string Sender, string? Instance, string? Status, string? Kind, string? ContentJson, long Ts);
