using AgentChat.Matrix;

namespace AgentChat.Archive.Service;

/// <summary>The account the archive reads with, and the shared room it follows.</summary>
internal sealed record ArchiveIdentity(UserId UserId, string Instance, string SharedRoom);
