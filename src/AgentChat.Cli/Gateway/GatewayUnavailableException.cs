namespace AgentChat.Cli.Gateway;

/// <summary>No gateway answered (refused, reset, timed out): the caller falls back to direct REST.</summary>
internal sealed class GatewayUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
