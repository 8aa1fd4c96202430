using System.Text;

namespace AgentChat.Matrix;

public sealed record VersionsResponse(IReadOnlyList<string> Versions);

public sealed record LoginIdentifier(string Type, string User);

public sealed record LoginRequest(string Type, LoginIdentifier Identifier, string Password, string? DeviceId = null, string? InitialDeviceDisplayName = null)
{
    private bool PrintMembers(StringBuilder b)
    {
        b.Append($"Type = {Type}, Identifier = {Identifier}, Password = {Redacted.Of(Password)}, DeviceId = {DeviceId}, InitialDeviceDisplayName = {InitialDeviceDisplayName}");
        return true;
    }
}

public sealed record LoginResponse(UserId UserId, string AccessToken, string? DeviceId)
{
    private bool PrintMembers(StringBuilder b)
    {
        b.Append($"UserId = {UserId}, AccessToken = {Redacted.Of(AccessToken)}, DeviceId = {DeviceId}");
        return true;
    }
}

public sealed record WhoAmIResponse(UserId UserId, string? DeviceId);

public sealed record NonceResponse(string Nonce);

/// <summary>The MAC is made with the registration shared secret from the password: both are redacted when printed.</summary>
public sealed record SharedSecretRegisterRequest(string Nonce, string Username, string Password, bool Admin, string Mac, string? Displayname)
{
    private bool PrintMembers(StringBuilder b)
    {
        b.Append($"Nonce = {Nonce}, Username = {Username}, Password = {Redacted.Of(Password)}, Admin = {Admin}, Mac = {Redacted.Of(Mac)}, Displayname = {Displayname}");
        return true;
    }
}

public sealed record RateLimitOverride(int MessagesPerSecond, int BurstCount);

public sealed record AdminStatus(bool Admin);

public sealed record ProfileResponse(string? Displayname, string? AvatarUrl);

public sealed record DisplayNameRequest(string Displayname);

public sealed record UserDirectoryRequest(string SearchTerm, int Limit);

public sealed record UserDirectoryResult(UserId UserId, string? DisplayName);

public sealed record UserDirectoryResponse(IReadOnlyList<UserDirectoryResult> Results, bool Limited);

public sealed record ErrorResponse(string? Errcode, string? Error, long? RetryAfterMs);

public sealed record EmptyObject;
