using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentChat.Matrix;

public sealed record StateEventInput(string Type, string StateKey, JsonElement Content);

public sealed record CreateRoomRequest
{
    public string? Name { get; init; }
    public string? Topic { get; init; }
    public string? RoomAliasName { get; init; }
    /// <summary><c>private_chat</c>, <c>trusted_private_chat</c> or <c>public_chat</c>.</summary>
    public string? Preset { get; init; }
    public string? Visibility { get; init; }
    public IReadOnlyList<UserId>? Invite { get; init; }
    public bool? IsDirect { get; init; }
    public JsonElement? PowerLevelContentOverride { get; init; }
    public IReadOnlyList<StateEventInput>? InitialState { get; init; }
}

public sealed record RoomIdResponse(RoomId RoomId);

public sealed record EventIdResponse(EventId EventId);

public sealed record InviteRequest(UserId UserId, string? Reason = null);

public sealed record AliasResponse(RoomId RoomId, IReadOnlyList<string>? Servers);

public sealed record AliasRequest(RoomId RoomId);

public sealed record JoinedRoomsResponse(IReadOnlyList<RoomId> JoinedRooms);

public sealed record RoomMember(string? DisplayName, string? AvatarUrl);

public sealed record JoinedMembersResponse(IReadOnlyDictionary<UserId, RoomMember> Joined);

public sealed record ReadMarkersRequest(
    [property: JsonPropertyName("m.fully_read")] EventId? FullyRead,
    [property: JsonPropertyName("m.read")] EventId? Read);

public sealed record MembersResponse(IReadOnlyList<MatrixEvent> Chunk);
