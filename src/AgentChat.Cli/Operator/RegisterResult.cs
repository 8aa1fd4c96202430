namespace AgentChat.Cli.Operator;

/// <summary>What register and login report: whose credentials were written where. Never the token.</summary>
internal sealed record RegisterResult(string UserId, string ConfigPath, string Homeserver, bool Admin);
