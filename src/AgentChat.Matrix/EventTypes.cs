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

    /// <summary>Ephemeral: read receipts.</summary>
    public const string Receipt = "m.receipt";

    /// <summary>Account data: the user's direct rooms.</summary>
    public const string Direct = "m.direct";

    /// <summary>Room account data: the user's private read marker.</summary>
    public const string FullyRead = "m.fully_read";
}
