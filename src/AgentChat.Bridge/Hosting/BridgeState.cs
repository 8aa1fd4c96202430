namespace AgentChat.Bridge.Hosting;

/// <summary><c>state.json</c> in the bridge's state directory: when this bridge first started (nothing older is ever answered).</summary>
internal sealed record BridgeState(long FirstStartedMs);
