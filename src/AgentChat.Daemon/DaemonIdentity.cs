using AgentChat.Matrix;

namespace AgentChat.Daemon;

/// <summary>Who this daemon is: its account, instance name and the shared room it announces itself in.</summary>
internal sealed record DaemonIdentity(UserId UserId, string Instance, string SharedRoom, string StateDir, DateTimeOffset StartedAt);
