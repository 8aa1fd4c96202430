using System.Text.Json.Serialization;

namespace AgentChat.Gateway;

/// <summary><c>POST /presence</c>: the session says it is busy (on what) or idle again.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PresenceRequest
{
    public bool? Busy { get; init; }
    public string? On { get; init; }
}

/// <summary>
/// This agent's presence as its registry entry carries it: busy (on what, until when it lapses), how a message
/// wakes it (<c>channel</c>, <c>hook</c>, <c>none</c>), and the last message it consumed.
/// </summary>
public sealed record PresenceResponse(bool Busy, string? On, long? BusyUntil, string Wakeable, string? Cursor, long? CursorAt, string? Via = null);
