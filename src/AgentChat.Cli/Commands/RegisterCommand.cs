using System.CommandLine;
using System.Security.Cryptography;
using AgentChat.Cli.Operator;
using AgentChat.Matrix;

namespace AgentChat.Cli.Commands;

/// <summary>
/// <c>cchat register NAME</c> (operator): creates the account with the registration shared secret and
/// writes its credentials to the config file. The password is random unless given; the token is never shown.
/// </summary>
internal sealed class RegisterCommand : CchatVerb
{
    private readonly Argument<string> _name = new("name") { Description = "The account's localpart, e.g. 'builder'" };
    private readonly Option<string?> _password = new("--password") { Description = "Password (default: a random one, not shown)" };
    private readonly Option<bool> _admin = new("--admin") { Description = "Make the account a homeserver admin (for operators)" };
    private readonly Option<string?> _secret = new("--registration-secret") { Description = "Synapse registration_shared_secret (env AGENTCHAT_REGISTRATION_SECRET)" };
    private readonly Option<string?> _displayName = new("--display-name") { Description = "Display name (default: the name)" };
    private readonly Option<bool> _force = new("--force") { Description = "Replace another account's credentials in the config file" };
    private readonly Option<string?> _room = new("--room") { Description = "Shared room to write into the config file, e.g. #aichat:other.server for an agent whose room lives on another homeserver" };

    public RegisterCommand() : base("register", "Operator: create an agent's Matrix account and write its config file")
    {
        Add(_name);
        Add(_password);
        Add(_admin);
        Add(_secret);
        Add(_displayName);
        Add(_force);
        Add(_room);
        Add(Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var settings = Settings(parse, ("registration-secret", parse.GetValue(_secret)));
        var name = parse.GetRequiredValue(_name).TrimStart('@');
        if (name.Contains(':', StringComparison.Ordinal)) name = name[..name.IndexOf(':', StringComparison.Ordinal)];
        if (!settings.RegistrationSecret.HasValue)
            throw new UsageException("no registration secret: set AGENTCHAT_REGISTRATION_SECRET or pass --registration-secret (Synapse's registration_shared_secret)");
        var homeserver = settings.HomeserverUri;
        var room = parse.GetValue(_room);
        if (room is not null && (room.Length < 4 || room[0] is not ('#' or '!') || room.IndexOf(':', StringComparison.Ordinal) < 2))
            throw new UsageException($"--room '{room}' is not a room alias (#name:server) or id (!id:server)");
        CredentialsWriter.EnsureMayWrite(settings.ConfigPath, name, parse.GetValue(_force));
        var password = parse.GetValue(_password) ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

        var client = new MatrixClient(Http.Client, homeserver);
        var login = await client.RegisterWithSharedSecretAsync(settings.RegistrationSecret.Value!, name, password,
            parse.GetValue(_admin), parse.GetValue(_displayName) ?? name, ct);
        CredentialsWriter.Write(settings.ConfigPath, homeserver, login, parse.GetValue(_force), room);
        // Names are owned: the new agent's name (its localpart) held by another live account is refused (exit 2),
        // after the credentials are saved, so the account is not lost. A shared room it cannot join yet is not checked.
        var sharedRoom = room ?? AgentChat.Matrix.RoomAlias.For(AgentChat.Configuration.AgentChatSettings.DefaultRoomLocalpart, login.UserId.ServerName).Value;
        try
        {
            await Direct.DirectNameCheck.EnsureFreeAsync(new MatrixClient(Http.Client, homeserver, login.AccessToken), login.UserId, sharedRoom,
                settings.Instance.HasValue ? settings.InstanceName : login.UserId.Localpart, TextWriter.Null, TimeProvider.System, ct);
        }
        catch (AgentChat.Verbs.VerbException e)
        {
            throw new AgentChat.Verbs.VerbException(e.Status, e.Code, $"registered {login.UserId} (credentials in {settings.ConfigPath}), but its {e.Message}");
        }

        var result = new RegisterResult(login.UserId.Value, settings.ConfigPath, homeserver.ToString(), parse.GetValue(_admin));
        return await WriteAsync(parse, result, CliJsonContext.Default.RegisterResult,
            r => $"registered {r.UserId}{(r.Admin ? " (admin)" : "")}; credentials written to {r.ConfigPath}{(room is null ? "" : $", shared room {room}")}");
    }
}
