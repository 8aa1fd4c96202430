using System.Text.Json;
using AgentChat.Matrix;

namespace AgentChat.Registry;

/// <summary>
/// The shared room's list of human accounts: state event <c>com.aiagentchat.humans</c> (state key "") with
/// <c>{"user_ids": [...]}</c>. Written by <c>cchat setup</c>; only room admins may change it (the default power
/// for state events), so a member cannot list itself.
/// </summary>
public static class HumansSetting
{
    public const string EventType = "com.aiagentchat.humans";

    public static IReadOnlyList<string> Read(JsonElement content) => JsonFields.Strings(content, "user_ids");

    public static byte[] Write(IEnumerable<string> userIds)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("user_ids");
            foreach (var id in userIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)) json.WriteStringValue(id);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The list as the room holds it now; empty when it was never written.</summary>
    public static async Task<IReadOnlyList<string>> GetAsync(MatrixClient client, RoomId room, CancellationToken ct)
    {
        try
        {
            return Read(await client.GetStateAsync(room, EventType, "", ct));
        }
        catch (MatrixException e) when (e.ErrCode == MatrixErrorCodes.NotFound)
        {
            return [];
        }
    }
}
