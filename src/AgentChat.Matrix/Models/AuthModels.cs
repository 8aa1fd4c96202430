namespace AgentChat.Matrix;

public sealed record VersionsResponse(IReadOnlyList<string> Versions);

public sealed record LoginIdentifier(string Type, string User);

public sealed record LoginRequest(string Type, LoginIdentifier Identifier, string Password, string? DeviceId = null, string? InitialDeviceDisplayName = null);

public sealed record LoginResponse(UserId UserId, string AccessToken, string? DeviceId);

public sealed record WhoAmIResponse(UserId UserId, string? DeviceId);

public sealed record NonceResponse(string Nonce);

public sealed record SharedSecretRegisterRequest(string Nonce, string Username, string Password, bool Admin, string Mac, string? Displayname);

public sealed record RateLimitOverride(int MessagesPerSecond, int BurstCount);

public sealed record ProfileResponse(string? Displayname, string? AvatarUrl);

public sealed record DisplayNameRequest(string Displayname);

public sealed record UserDirectoryRequest(string SearchTerm, int Limit);

public sealed record UserDirectoryResult(UserId UserId, string? DisplayName);

public sealed record UserDirectoryResponse(IReadOnlyList<UserDirectoryResult> Results, bool Limited);

public sealed record ErrorResponse(string? Errcode, string? Error, long? RetryAfterMs);

public sealed record EmptyObject;
