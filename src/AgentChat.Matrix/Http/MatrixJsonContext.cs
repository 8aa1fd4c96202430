using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentChat.Matrix;

/// <summary>Source-generated JSON for the Client-Server API: the one wire boundary of this library.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    // Event content is a stranger's JSON, nested as deep as the homeserver accepts: a deep one must not fail a whole /sync.
    MaxDepth = 1024)]
[JsonSerializable(typeof(VersionsResponse))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(LoginResponse))]
[JsonSerializable(typeof(WhoAmIResponse))]
[JsonSerializable(typeof(NonceResponse))]
[JsonSerializable(typeof(SharedSecretRegisterRequest))]
[JsonSerializable(typeof(RateLimitOverride))]
[JsonSerializable(typeof(AdminStatus))]
[JsonSerializable(typeof(ProfileResponse))]
[JsonSerializable(typeof(DisplayNameRequest))]
[JsonSerializable(typeof(UserDirectoryRequest))]
[JsonSerializable(typeof(UserDirectoryResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(EmptyObject))]
[JsonSerializable(typeof(CreateRoomRequest))]
[JsonSerializable(typeof(RoomIdResponse))]
[JsonSerializable(typeof(EventIdResponse))]
[JsonSerializable(typeof(InviteRequest))]
[JsonSerializable(typeof(AliasResponse))]
[JsonSerializable(typeof(AliasRequest))]
[JsonSerializable(typeof(JoinedRoomsResponse))]
[JsonSerializable(typeof(JoinedMembersResponse))]
[JsonSerializable(typeof(ReadMarkersRequest))]
[JsonSerializable(typeof(MatrixEvent))]
[JsonSerializable(typeof(List<MatrixEvent>))]
[JsonSerializable(typeof(EventList))]
[JsonSerializable(typeof(MembersResponse))]
[JsonSerializable(typeof(ContextResponse))]
[JsonSerializable(typeof(SyncResponse))]
[JsonSerializable(typeof(MessagesResponse))]
[JsonSerializable(typeof(FilterResponse))]
[JsonSerializable(typeof(SyncFilter))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(UploadResponse))]
[JsonSerializable(typeof(Dictionary<string, List<string>>))]
public sealed partial class MatrixJsonContext : JsonSerializerContext;
