using AgentChat.Matrix;

namespace AgentChat.Daemon.Outbox;

/// <summary>How a message ended: in the room, or refused for good.</summary>
internal abstract record SendOutcome
{
    public sealed record Delivered(EventId EventId, RoomId RoomId) : SendOutcome;

    public sealed record Refused(MatrixException Error) : SendOutcome;
}
