using AgentChat.Matrix;

namespace AgentChat.Daemon.Sync;

internal static class SyncFilterFactory
{
    /// <summary>Only what the daemon uses: messages, membership for invites, and nothing of presence or receipts.</summary>
    public static SyncFilter Create(int timelineLimit) => new()
    {
        Room = new RoomFilter
        {
            Timeline = new RoomEventFilter { Types = ["m.room.message"], Limit = timelineLimit },
            State = new RoomEventFilter { Types = ["m.room.member"], LazyLoadMembers = true },
            Ephemeral = new RoomEventFilter { Types = [] },
            AccountData = new RoomEventFilter { Types = [] },
        },
        Presence = new EventFilter { Types = [] },
        AccountData = new EventFilter { Types = [] },
    };
}
