using System.Text.Json;
using AgentChat.Matrix;
using AgentChat.Registry;

namespace AgentChat.Sync;

/// <summary>Every /sync and /messages filter the hosts and the CLI use, in one place: each asks only for what its reader uses.</summary>
public static class SyncFilters
{
    private static readonly string[] AgentTimelineTypes = [EventTypes.RoomMessage, InstanceEntry.EventType, HumansSetting.EventType];

    /// <summary>
    /// A daemon's or the archive's long-poll: messages, membership for invites, the registry and humans setting (who each sender
    /// is), public read receipts; nothing of presence or typing. Registry changes come in the timeline as well as the state
    /// section: a state event inside the timeline's window appears only there.
    /// </summary>
    public static SyncFilter Agent(int timelineLimit) => Agent(timelineLimit, AgentTimelineTypes);

    /// <summary>
    /// The daemon's long-poll: <see cref="Agent"/> plus reactions, whose 👀 marks a message delivered to a session, and polls (decisions:
    /// their start, responses and end). Only <c>m.room.message</c> reaches the buffer, so neither wakes a reader.
    /// </summary>
    public static SyncFilter Daemon(int timelineLimit) => Agent(timelineLimit, [.. AgentTimelineTypes, EventTypes.Reaction, .. PollTypes]);

    private static readonly string[] PollTypes =
        [EventTypes.PollStart, EventTypes.PollResponse, EventTypes.UnstablePollResponse, EventTypes.PollEnd, EventTypes.UnstablePollEnd];

    /// <summary>Direct mode waiting on a decision: one room's answers to polls (responses, reactions, ends), nothing else.</summary>
    public static string DecisionAnswersJson(RoomId room) => Json(SyncFilter.Only(
        new RoomEventFilter { Limit = 50, Types = [.. PollTypes.Skip(1), EventTypes.Reaction] }, rooms: [room.Value]));

    private static SyncFilter Agent(int timelineLimit, string[] timelineTypes) => WithReceipts(SyncFilter.Only(
        new RoomEventFilter { Types = timelineTypes, Limit = timelineLimit },
        new RoomEventFilter { Types = [EventTypes.RoomMember, InstanceEntry.EventType, HumansSetting.EventType], LazyLoadMembers = true }));

    /// <summary>The archive's backfill through /messages: the same timeline types as <see cref="Agent"/>.</summary>
    public static string AgentHistoryJson() =>
        JsonSerializer.Serialize(new RoomEventFilter { Types = AgentTimelineTypes }, MatrixJsonContext.Default.RoomEventFilter);

    /// <summary>Direct mode's one look at a room: its latest messages, reactions (delivery marks) and read receipts.</summary>
    public static string ConversationJson(RoomId room, int timelineLimit) => Json(WithReceipts(
        SyncFilter.Only(new RoomEventFilter { Limit = timelineLimit, Types = [EventTypes.RoomMessage, EventTypes.Reaction] }, rooms: [room.Value])));

    /// <summary>One room's messages only (direct-mode reads, which page the rest through /messages).</summary>
    public static string RoomMessagesJson(RoomId room, int timelineLimit) =>
        Json(SyncFilter.Only(new RoomEventFilter { Limit = timelineLimit, Types = [EventTypes.RoomMessage] }, rooms: [room.Value]));

    /// <summary>Messages in every joined room (the channel's feed without a daemon).</summary>
    public static string MessagesJson(int timelineLimit) =>
        Json(SyncFilter.Only(new RoomEventFilter { Types = [EventTypes.RoomMessage], Limit = timelineLimit }));

    /// <summary>
    /// An initial sync carrying invites and nothing else. Synapse keeps the answer to an identical initial sync for about two
    /// minutes; a one-off type it never matches makes each request its own, so a restart sees invites that came since.
    /// </summary>
    public static string PendingInvitesJson() => Json(
        SyncFilter.Only(new RoomEventFilter { Types = [], NotTypes = ["org.aiagentchat.revisit." + Guid.NewGuid().ToString("N")], Limit = 1 }));

    private static SyncFilter WithReceipts(SyncFilter filter) =>
        filter with { Room = filter.Room! with { Ephemeral = new RoomEventFilter { Types = [EventTypes.Receipt] } } };

    private static string Json(SyncFilter filter) => JsonSerializer.Serialize(filter, MatrixJsonContext.Default.SyncFilter);
}
