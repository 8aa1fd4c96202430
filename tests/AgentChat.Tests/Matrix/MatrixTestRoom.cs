using System.Text.Json;
using AgentChat.Matrix;

namespace AgentChat.Tests.Matrix;

internal static class MatrixTestRoom
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>A fresh private room created by <paramref name="owner"/>, joined by every other member.</summary>
    public static async Task<RoomId> CreateAsync(Infrastructure.TestUser owner, params Infrastructure.TestUser[] members)
    {
        var room = await owner.Client.CreateRoomAsync(new CreateRoomRequest { Name = "test", Preset = "private_chat", Invite = members.Select(m => m.UserId).ToList() })
            .WaitAsync(Timeout);
        foreach (var m in members) await m.Client.JoinRoomAsync(room.Value).WaitAsync(Timeout);
        return room;
    }

    public static Task<EventId> SendTextAsync(MatrixClient client, RoomId room, string text, string? txnId = null) =>
        client.SendEventAsync(room, "m.room.message", Text(text), txnId ?? Guid.NewGuid().ToString("N")).WaitAsync(Timeout);

    public static byte[] Text(string text) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["msgtype"] = "m.text", ["body"] = text }, TestJsonContext.Default.DictionaryStringString);

    public static IEnumerable<string> Bodies(IEnumerable<MatrixEvent> events) =>
        events.Where(e => e.Type == "m.room.message").Select(e => e.ContentString("body")!);
}
