using System.Security.Cryptography;
using System.Text;

namespace AgentChat.Matrix;

public sealed partial class MatrixClient
{
    public Task<LoginResponse> LoginWithPasswordAsync(string user, string password, string? deviceId = null, string? deviceName = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "/_matrix/client/v3/login",
            Serialize(new LoginRequest("m.login.password", new LoginIdentifier("m.id.user", user), password, deviceId, deviceName), Json.LoginRequest),
            Json.LoginResponse, ct, authenticated: false);

    public Task<WhoAmIResponse> WhoAmIAsync(CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, "/_matrix/client/v3/account/whoami", null, Json.WhoAmIResponse, ct);

    /// <summary>
    /// Creates an account through Synapse's shared-secret admin API
    /// (<c>/_synapse/admin/v1/register</c>): the operator's way to provision agents without open registration.
    /// </summary>
    public async Task<LoginResponse> RegisterWithSharedSecretAsync(
        string sharedSecret, string username, string password, bool admin = false, string? displayName = null, CancellationToken ct = default)
    {
        const string path = "/_synapse/admin/v1/register";
        var nonce = (await SendAsync(HttpMethod.Get, path, null, Json.NonceResponse, ct, authenticated: false)).Nonce;
        var mac = RegistrationMac(sharedSecret, nonce, username, password, admin);
        var request = new SharedSecretRegisterRequest(nonce, username, password, admin, mac, displayName);
        return await SendAsync(HttpMethod.Post, path, Serialize(request, Json.SharedSecretRegisterRequest), Json.LoginResponse, ct, authenticated: false);
    }

    internal static string RegistrationMac(string sharedSecret, string nonce, string username, string password, bool admin)
    {
        var message = Encoding.UTF8.GetBytes($"{nonce}\0{username}\0{password}\0{(admin ? "admin" : "notadmin")}");
        // Synapse's shared-secret registration defines the MAC as HMAC-SHA1; the protocol is not ours to choose.
#pragma warning disable CA5350
        return Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(sharedSecret), message));
#pragma warning restore CA5350
    }

    /// <summary>Synapse admin API: lifts (0/0) or sets the message rate limit of one account.</summary>
    public async Task OverrideRateLimitAsync(UserId user, int messagesPerSecond = 0, int burstCount = 0, CancellationToken ct = default) =>
        await SendAsync(HttpMethod.Post, $"/_synapse/admin/v1/users/{Escape(user.Value)}/override_ratelimit",
            Serialize(new RateLimitOverride(messagesPerSecond, burstCount), Json.RateLimitOverride), Json.RateLimitOverride, ct);

    /// <summary>Synapse admin API: whether <paramref name="user"/> is a homeserver admin (a non-admin asking gets M_FORBIDDEN).</summary>
    public async Task<bool> IsServerAdminAsync(UserId user, CancellationToken ct = default) =>
        (await SendAsync(HttpMethod.Get, $"/_synapse/admin/v1/users/{Escape(user.Value)}/admin", null, Json.AdminStatus, ct)).Admin;

    public Task<ProfileResponse> GetProfileAsync(UserId user, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, $"/_matrix/client/v3/profile/{Escape(user.Value)}", null, Json.ProfileResponse, ct);

    public async Task SetDisplayNameAsync(UserId user, string displayName, CancellationToken ct = default) =>
        await SendAsync(HttpMethod.Put, $"/_matrix/client/v3/profile/{Escape(user.Value)}/displayname",
            Serialize(new DisplayNameRequest(displayName), Json.DisplayNameRequest), Json.EmptyObject, ct);

    public Task<UserDirectoryResponse> SearchUserDirectoryAsync(string term, int limit = 10, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "/_matrix/client/v3/user_directory/search",
            Serialize(new UserDirectoryRequest(term, limit), Json.UserDirectoryRequest), Json.UserDirectoryResponse, ct);
}
