using System.Text;
using System.Text.Json;
using AgentChat.Decisions;
using AgentChat.Matrix;
using AgentChat.Tests.Tasks;

namespace AgentChat.Tests.Decisions;

/// <summary>What a human's client sends to answer a poll, and the raw reads a test checks the room with.</summary>
internal static class DecisionRoom
{
    public static Task<EventId> VoteAsync(TaskRoom room, string poll, string choiceId, Tests.Infrastructure.TestUser? as_ = null) =>
        SendAsync(room, as_ ?? room.Human, EventTypes.PollResponse,
            $$"""{"m.relates_to":{"rel_type":"m.reference","event_id":"{{poll}}"},"m.selections":["{{choiceId}}"]}""");

    public static Task<EventId> ReactAsync(TaskRoom room, string poll, string key, Tests.Infrastructure.TestUser? as_ = null) =>
        SendAsync(room, as_ ?? room.Human, EventTypes.Reaction, $$$"""{"m.relates_to":{"rel_type":"m.annotation","event_id":"{{{poll}}}","key":"{{{key}}}"}}""");

    public static Task<EventId> SendAsync(TaskRoom room, Tests.Infrastructure.TestUser user, string type, string content) =>
        user.Client.SendEventAsync(room.RoomId, type, Encoding.UTF8.GetBytes(content), "t" + Guid.NewGuid().ToString("N")).WaitAsync(TaskRoom.Timeout);

    /// <summary>The poll's <c>m.poll.end</c> events, as the human's client reads the relations.</summary>
    public static async Task<List<MatrixEvent>> EndsAsync(TaskRoom room, string poll)
    {
        var (events, _) = await room.Human.Client.GetRelationsAsync(room.RoomId, new EventId(poll), "m.reference", null, 100).WaitAsync(TaskRoom.Timeout);
        return events.Where(e => e.Type == EventTypes.PollEnd).ToList();
    }

    public static DecisionAskResponse Asked(string json) => JsonSerializer.Deserialize(json, DecisionsJsonContext.Default.DecisionAskResponse)!;

    public static DecisionView View(string json) => JsonSerializer.Deserialize(json, DecisionsJsonContext.Default.DecisionView)!;

    public static DecisionWaitResponse Waited(string json) => JsonSerializer.Deserialize(json, DecisionsJsonContext.Default.DecisionWaitResponse)!;
}
