using AgentChat.Matrix;
using AgentChat.Registry;

namespace AgentChat.Daemon.Sync;

internal static class SyncFilterFactory
{
    /// <summary>
    /// Only what the daemon uses: messages, membership for invites, the registry and humans setting (who each
    /// sender is), read receipts and 👀 reactions (for the receipts of our own sends), and nothing of presence or typing. Registry changes come in the timeline as well as the
    /// state section: a state event inside the timeline's window appears only there.
    /// </summary>
    public static SyncFilter Create(int timelineLimit)
    {
        var filter = SyncFilter.Only(
            new RoomEventFilter { Types = ["m.room.message", "m.reaction", InstanceEntry.EventType, HumansSetting.EventType], Limit = timelineLimit },
            new RoomEventFilter { Types = ["m.room.member", InstanceEntry.EventType, HumansSetting.EventType], LazyLoadMembers = true });
        // Public read receipts: what the receipts of our own sends are made of (docs/receipts-and-loop-guard.md).
        return filter with { Room = filter.Room! with { Ephemeral = new RoomEventFilter { Types = ["m.receipt"] } } };
    }
}
