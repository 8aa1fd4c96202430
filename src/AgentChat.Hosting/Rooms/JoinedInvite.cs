using AgentChat.Matrix;

namespace AgentChat.Hosting.Rooms;

/// <summary>A room just joined on an invitation: who invited, and whether the invite marked it a direct chat (<c>is_direct</c>).</summary>
public sealed record JoinedInvite(RoomId Room, UserId Inviter, bool IsDirect);
