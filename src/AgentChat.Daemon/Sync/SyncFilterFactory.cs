using AgentChat.Matrix;
using AgentChat.Registry;

namespace AgentChat.Daemon.Sync;

internal static class SyncFilterFactory
{
    /// <summary>
    /// Only what the daemon uses: messages, membership for invites, the registry and humans setting (who each
    /// sender is), and nothing of presence or receipts. Registry changes come in the timeline as well as the
    /// state section: a state event inside the timeline's window appears only there.
    /// </summary>
    public static SyncFilter Create(int timelineLimit) => SyncFilter.Only(
        new RoomEventFilter { Types = ["m.room.message", InstanceEntry.EventType, HumansSetting.EventType], Limit = timelineLimit },
        new RoomEventFilter { Types = ["m.room.member", InstanceEntry.EventType, HumansSetting.EventType], LazyLoadMembers = true });
}
