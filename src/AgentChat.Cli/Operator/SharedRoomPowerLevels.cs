using System.Text.Json;
using System.Text.Json.Nodes;
using AgentChat.Leases;
using AgentChat.Registry;
using AgentChat.Matrix;

namespace AgentChat.Cli.Operator;

/// <summary>
/// The power levels of the shared room: members (level 0) may post messages and write their own
/// registry entry (<c>com.aiagentchat.instance</c>) and leases (<c>com.aiagentchat.lease</c>); the state key stops them
/// writing anyone else's.
/// </summary>
internal static class SharedRoomPowerLevels
{
    /// <summary>For room creation: Synapse replaces the whole <c>events</c> map, so the usual ones are kept.</summary>
    public static JsonElement CreateOverride()
    {
        var events = new JsonObject
        {
            [EventTypes.RoomName] = 50,
            [EventTypes.RoomTopic] = 50,
            [EventTypes.RoomAvatar] = 50,
            [EventTypes.RoomCanonicalAlias] = 50,
            [EventTypes.RoomPowerLevels] = 100,
            [EventTypes.RoomHistoryVisibility] = 100,
            [EventTypes.RoomTombstone] = 100,
            [EventTypes.RoomServerAcl] = 100,
            [EventTypes.RoomEncryption] = 100,
            [EventTypes.RoomMessage] = 0,
            [InstanceEntry.EventType] = 0,
            [LeaseStateContent.EventType] = 0,
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
        foreach (var type in (ReadOnlySpan<string>)[InstanceEntry.EventType, LeaseStateContent.EventType, EventTypes.RoomMessage])
        {
            var needed = events[type] is JsonValue v && v.TryGetValue<long>(out var level) ? level
                : type == EventTypes.RoomMessage ? eventsDefault : content["state_default"] is JsonValue s && s.TryGetValue<long>(out var sd) ? sd : 50;
            if (needed <= usersDefault) continue;
            events[type] = usersDefault;
            changed = true;
        }
        return changed ? System.Text.Encoding.UTF8.GetBytes(content.ToJsonString()) : null;
    }
}
