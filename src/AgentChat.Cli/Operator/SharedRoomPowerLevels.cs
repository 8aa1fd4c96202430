using System.Text.Json;
using System.Text.Json.Nodes;
using AgentChat.Registry;

namespace AgentChat.Cli.Operator;

/// <summary>
/// The power levels of the shared room: members (level 0) may post messages and write their own
/// registry entry (<c>com.aiagentchat.instance</c>; the state key stops them writing anyone else's).
/// </summary>
internal static class SharedRoomPowerLevels
{
    /// <summary>For room creation: Synapse replaces the whole <c>events</c> map, so the usual ones are kept.</summary>
    public static JsonElement CreateOverride()
    {
        var events = new JsonObject
        {
            ["m.room.name"] = 50,
            ["m.room.topic"] = 50,
            ["m.room.avatar"] = 50,
            ["m.room.canonical_alias"] = 50,
            ["m.room.power_levels"] = 100,
            ["m.room.history_visibility"] = 100,
            ["m.room.tombstone"] = 100,
            ["m.room.server_acl"] = 100,
            ["m.room.encryption"] = 100,
            ["m.room.message"] = 0,
            [InstanceEntry.EventType] = 0,
        };
        var content = new JsonObject { ["users_default"] = 0, ["events_default"] = 0, ["events"] = events };
        return JsonDocument.Parse(content.ToJsonString()).RootElement.Clone();
    }

    /// <summary>The existing content with members allowed to post and register; null when it already allows both.</summary>
    public static byte[]? Fix(JsonElement current)
    {
        var content = JsonNode.Parse(current.GetRawText())?.AsObject() ?? [];
        var usersDefault = content["users_default"] is JsonValue u && u.TryGetValue<long>(out var ud) ? ud : 0;
        var eventsDefault = content["events_default"] is JsonValue d && d.TryGetValue<long>(out var ed) ? ed : 0;
        if (content["events"] is not JsonObject events) content["events"] = events = [];

        var changed = false;
        foreach (var type in (ReadOnlySpan<string>)[InstanceEntry.EventType, "m.room.message"])
        {
            var needed = events[type] is JsonValue v && v.TryGetValue<long>(out var level) ? level
                : type == "m.room.message" ? eventsDefault : content["state_default"] is JsonValue s && s.TryGetValue<long>(out var sd) ? sd : 50;
            if (needed <= usersDefault) continue;
            events[type] = usersDefault;
            changed = true;
        }
        return changed ? System.Text.Encoding.UTF8.GetBytes(content.ToJsonString()) : null;
    }
}
