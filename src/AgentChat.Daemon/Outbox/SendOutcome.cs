using AgentChat.Matrix;

namespace AgentChat.Daemon.Outbox;

/// <summary>How a message ended: in the room, refused for good, or dropped because the disk would not keep it.</summary>
internal abstract record SendOutcome
{
    public sealed record Delivered(EventId EventId, RoomId RoomId) : SendOutcome;

    public sealed record Refused(MatrixException Error) : SendOutcome;

    /// <summary>The outbox could not make the message durable and it had not reached the room: nothing is pending.</summary>
    public sealed record NotSaved(string Reason) : SendOutcome;
}
