namespace AgentChat.Hosting.Rooms;

/// <summary>
/// What a host adds once <see cref="InviteJoiner"/> has joined a room and follows it (the daemon: remember a
/// direct chat, read what was said before). A <see cref="Matrix.MatrixException"/> thrown here counts as a failed
/// join: it is tried again later, like a join the homeserver refused.
/// </summary>
public interface IAfterJoin
{
    Task JoinedAsync(JoinedInvite joined, CancellationToken ct);
}
