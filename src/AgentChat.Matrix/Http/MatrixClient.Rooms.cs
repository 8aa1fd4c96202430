namespace AgentChat.Matrix;

public sealed partial class MatrixClient
{
    public async Task<RoomId> CreateRoomAsync(CreateRoomRequest request, CancellationToken ct = default) =>
        (await SendAsync(HttpMethod.Post, "/_matrix/client/v3/createRoom", Serialize(request, Json.CreateRoomRequest), Json.RoomIdResponse, ct)).RoomId;

    /// <summary>Joins by room id or alias and returns the room id.</summary>
    public async Task<RoomId> JoinRoomAsync(string roomIdOrAlias, CancellationToken ct = default) =>
        (await SendAsync(HttpMethod.Post, $"/_matrix/client/v3/join/{Escape(roomIdOrAlias)}", "{}"u8.ToArray(), Json.RoomIdResponse, ct)).RoomId;

    public async Task LeaveRoomAsync(RoomId room, CancellationToken ct = default) =>
        await SendAsync(HttpMethod.Post, $"/_matrix/client/v3/rooms/{Escape(room.Value)}/leave", "{}"u8.ToArray(), Json.EmptyObject, ct);

    public async Task InviteAsync(RoomId room, UserId user, CancellationToken ct = default) =>
        await SendAsync(HttpMethod.Post, $"/_matrix/client/v3/rooms/{Escape(room.Value)}/invite",
            Serialize(new InviteRequest(user), Json.InviteRequest), Json.EmptyObject, ct);

    public async Task<RoomId> ResolveAliasAsync(RoomAlias alias, CancellationToken ct = default) =>
        (await SendAsync(HttpMethod.Get, $"/_matrix/client/v3/directory/room/{Escape(alias.Value)}", null, Json.AliasResponse, ct)).RoomId;

    public async Task CreateAliasAsync(RoomAlias alias, RoomId room, CancellationToken ct = default) =>
        await SendAsync(HttpMethod.Put, $"/_matrix/client/v3/directory/room/{Escape(alias.Value)}",
            Serialize(new AliasRequest(room), Json.AliasRequest), Json.EmptyObject, ct);

    public async Task<IReadOnlyList<RoomId>> GetJoinedRoomsAsync(CancellationToken ct = default) =>
        (await SendAsync(HttpMethod.Get, "/_matrix/client/v3/joined_rooms", null, Json.JoinedRoomsResponse, ct)).JoinedRooms;

    public async Task<IReadOnlyDictionary<UserId, RoomMember>> GetJoinedMembersAsync(RoomId room, CancellationToken ct = default) =>
        (await SendAsync(HttpMethod.Get, $"/_matrix/client/v3/rooms/{Escape(room.Value)}/joined_members", null, Json.JoinedMembersResponse, ct)).Joined;

    /// <summary>Membership events of the room (joined, invited, left), for who-is-where questions.</summary>
    public async Task<IReadOnlyList<MatrixEvent>> GetMembersAsync(RoomId room, CancellationToken ct = default) =>
        (await SendAsync(HttpMethod.Get, $"/_matrix/client/v3/rooms/{Escape(room.Value)}/members", null, Json.MembersResponse, ct)).Chunk;
}
