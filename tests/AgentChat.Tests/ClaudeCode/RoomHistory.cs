using AgentChat.Matrix;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.ClaudeCode;

/// <summary>What the room holds, read straight from Matrix (<c>/messages</c>) with a member's account: no cchat in between.</summary>
internal static class RoomHistory
{
    /// <summary>Waits until the room's recent history has an <c>m.room.message</c> from <paramref name="sender"/> whose body contains <paramref name="text"/>.</summary>
    public static async Task<MatrixEvent> WaitForAsync(TestUser reader, string room, UserId sender, string text)
    {
        var roomId = await reader.Client.JoinRoomAsync(room).WaitAsync(TimeSpan.FromSeconds(30)); // a no-op for a member
        return await Eventually.WaitAsync(async () =>
        {
            var page = await reader.Client.GetMessagesAsync(roomId, null, Direction.Backward, 100).WaitAsync(TimeSpan.FromSeconds(30));
            return page.Chunk.FirstOrDefault(e => e.Type == "m.room.message" && e.Sender == sender
                && e.Content.TryGetProperty("body", out var body) && body.GetString()?.Contains(text, StringComparison.Ordinal) == true);
        }, TimeSpan.FromSeconds(60), $"{room} holds a message from {sender} containing '{text}'");
    }
}
