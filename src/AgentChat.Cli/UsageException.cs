namespace AgentChat.Cli;

/// <summary>The command cannot do what was asked as asked; exits 1 with the message.</summary>
internal sealed class UsageException(string message) : Exception(message);
