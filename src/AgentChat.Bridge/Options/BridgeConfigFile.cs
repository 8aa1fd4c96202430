namespace AgentChat.Bridge.Options;

/// <summary>The agent's config file as the bridge reads it: only its <c>bridge</c> section.</summary>
internal sealed record BridgeConfigFile(BridgeConfigSection? Bridge);
