using System.CommandLine;
using AgentChat.Cli.Operator;
using AgentChat.Matrix;

namespace AgentChat.Cli.Commands;

/// <summary><c>cchat login</c>: password login; stores homeserver, user id, token and device in the config file.</summary>
internal sealed class LoginCommand : CchatVerb
{
    private readonly Option<string?> _user = new("--user") { Description = "User id or localpart (default: the configured user id)" };
    private readonly Option<string?> _password = new("--password") { Description = "Password (prefer --password-stdin: flags show in ps)" };
    private readonly Option<bool> _passwordStdin = new("--password-stdin") { Description = "Read the password from stdin" };
    private readonly Option<bool> _force = new("--force") { Description = "Replace another account's credentials in the config file" };

    public LoginCommand() : base("login", "Log in with a password and store the credentials in the config file")
    {
        Add(_user);
        Add(_password);
        Add(_passwordStdin);
        Add(_force);
        Add(Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var settings = Settings(parse);
        var homeserver = settings.HomeserverUri;
        var user = parse.GetValue(_user) ?? settings.UserId.Value
                   ?? throw new UsageException("whom to log in: pass --user NAME or set AGENTCHAT_USER_ID");
        CredentialsWriter.EnsureMayWrite(settings.ConfigPath, user.TrimStart('@').Split(':')[0], parse.GetValue(_force));
        var password = parse.GetValue(_password);
        if (parse.GetValue(_passwordStdin))
        {
            if (password is not null) throw new UsageException("--password and --password-stdin exclude each other");
            password = (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r');
        }
        if (string.IsNullOrEmpty(password)) throw new UsageException("no password: pass --password-stdin and pipe it, or --password");

        var login = await new MatrixClient(Http.Client, homeserver).LoginWithPasswordAsync(user, password, deviceName: "cchat", ct: ct);
        CredentialsWriter.Write(settings.ConfigPath, homeserver, login, parse.GetValue(_force));
        var result = new RegisterResult(login.UserId.Value, settings.ConfigPath, homeserver.ToString(), false);
        return await WriteAsync(parse, result, CliJsonContext.Default.RegisterResult, r => $"logged in as {r.UserId}; credentials written to {r.ConfigPath}");
    }
}
