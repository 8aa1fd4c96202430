using AgentChat.Matrix;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Matrix;

public sealed class AccountTests
{
    private static readonly TimeSpan Timeout = MatrixTestRoom.Timeout;

    [Fact]
    public async Task Versions_lists_a_v1_spec_version()
    {
        var server = await SynapseServer.GetAsync();
        var versions = await server.AnonymousClient().GetVersionsAsync().WaitAsync(Timeout);
        Assert.Contains(versions.Versions, v => v.StartsWith("v1.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Shared_secret_registration_then_password_login_and_whoami()
    {
        var server = await SynapseServer.GetAsync();
        var user = await server.CreateUserAsync("login");

        var login = await server.AnonymousClient().LoginWithPasswordAsync(user.UserId.Localpart, user.Password, deviceName: "test").WaitAsync(Timeout);
        var whoami = await server.AnonymousClient().WithAccessToken(login.AccessToken).WhoAmIAsync().WaitAsync(Timeout);

        Assert.Equal(user.UserId, login.UserId);
        Assert.Equal(user.UserId, whoami.UserId);
        Assert.Equal(login.DeviceId, whoami.DeviceId);
        Assert.Equal(server.ServerName, whoami.UserId.ServerName);
    }

    [Fact]
    public async Task Registering_a_taken_name_is_M_USER_IN_USE()
    {
        var server = await SynapseServer.GetAsync();
        var user = await server.CreateUserAsync("taken");
        var e = await Assert.ThrowsAsync<MatrixException>(() =>
            server.AnonymousClient().RegisterWithSharedSecretAsync(server.RegistrationSecret, user.UserId.Localpart, "pw").WaitAsync(Timeout));
        Assert.Equal(MatrixErrorCodes.UserInUse, e.ErrCode);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task Wrong_registration_secret_is_refused()
    {
        var server = await SynapseServer.GetAsync();
        var e = await Assert.ThrowsAsync<MatrixException>(() =>
            server.AnonymousClient().RegisterWithSharedSecretAsync("not-the-secret", $"x{Guid.NewGuid():N}", "pw").WaitAsync(Timeout));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, e.StatusCode);
        Assert.DoesNotContain("not-the-secret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_token_is_M_UNKNOWN_TOKEN_and_never_echoed()
    {
        var server = await SynapseServer.GetAsync();
        const string token = "syt_bogus_token_value";
        var e = await Assert.ThrowsAsync<MatrixException>(() => server.AnonymousClient().WithAccessToken(token).WhoAmIAsync().WaitAsync(Timeout));
        Assert.Equal(MatrixErrorCodes.UnknownToken, e.ErrCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.False(e.IsTransient);
        Assert.DoesNotContain(token, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_display_name_and_user_directory()
    {
        var server = await SynapseServer.GetAsync();
        var a = await server.CreateUserAsync("prof");
        var b = await server.CreateUserAsync("peer");
        await MatrixTestRoom.CreateAsync(a, b); // the directory shows users who share a room

        await a.Client.SetDisplayNameAsync(a.UserId, "Agent Alpha").WaitAsync(Timeout);
        var profile = await b.Client.GetProfileAsync(a.UserId).WaitAsync(Timeout);
        Assert.Equal("Agent Alpha", profile.Displayname);

        var found = await Eventually.WaitAsync(async () =>
        {
            var r = await b.Client.SearchUserDirectoryAsync(a.UserId.Localpart).WaitAsync(Timeout);
            return r.Results.FirstOrDefault(x => x.UserId == a.UserId);
        }, Timeout, "user directory lists the new display name");
        Assert.Equal("Agent Alpha", found.DisplayName);
    }

    [Fact]
    public async Task Unreachable_homeserver_is_a_transient_error_without_status()
    {
        using var http = new HttpClient();
        var client = new MatrixClient(http, new Uri("http://127.0.0.1:9"), "token",
            new MatrixClientOptions { RequestTimeout = TimeSpan.FromSeconds(5) });
        var e = await Assert.ThrowsAsync<MatrixException>(() => client.WhoAmIAsync().WaitAsync(Timeout));
        Assert.True(e.IsTransient);
        Assert.Null(e.StatusCode);
        Assert.Contains("cannot reach", e.Message, StringComparison.Ordinal);
    }
}
