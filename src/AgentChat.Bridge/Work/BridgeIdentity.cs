namespace AgentChat.Bridge.Work;

/// <summary>Who the bridge is and where its runs happen: account, instance name, the MCP config and the working directory.</summary>
internal sealed record BridgeIdentity(string UserId, string Instance, string McpConfigPath, string WorkDir);
