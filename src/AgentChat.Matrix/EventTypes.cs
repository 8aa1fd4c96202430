namespace AgentChat.Matrix;

/// <summary>The Matrix event and account-data types this project reads or writes, named once (as mautrix-go's <c>event/type.go</c>).</summary>
public static class EventTypes
{
    public const string RoomMessage = "m.room.message";
    public const string RoomMember = "m.room.member";
    public const string RoomPowerLevels = "m.room.power_levels";
    public const string RoomName = "m.room.name";
    public const string RoomTopic = "m.room.topic";
    public const string RoomAvatar = "m.room.avatar";
    public const string RoomCanonicalAlias = "m.room.canonical_alias";
    public const string RoomHistoryVisibility = "m.room.history_visibility";
    public const string RoomTombstone = "m.room.tombstone";
    public const string RoomServerAcl = "m.room.server_acl";
    public const string RoomEncryption = "m.room.encryption";
    public const string Reaction = "m.reaction";

    /// <summary>Polls (MSC3381, in the spec since v1.7), and the unstable names older clients still send.</summary>
    public const string PollStart = "m.poll.start";
    public const string PollResponse = "m.poll.response";
    public const string PollEnd = "m.poll.end";
    public const string UnstablePollResponse = "org.matrix.msc3381.poll.response";
    public const string UnstablePollEnd = "org.matrix.msc3381.poll.end";

    /// <summary>Ephemeral: read receipts.</summary>
    public const string Receipt = "m.receipt";

    /// <summary>Account data: the user's direct rooms.</summary>
    public const string Direct = "m.direct";

    /// <summary>Room account data: the user's private read marker.</summary>
    public const string FullyRead = "m.fully_read";
}
