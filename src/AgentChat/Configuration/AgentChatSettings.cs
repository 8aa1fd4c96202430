using AgentChat.Matrix;

namespace AgentChat.Configuration;

/// <summary>
/// Everything an agent needs to reach Matrix and its daemon, resolved flags &gt; environment &gt; config file.
/// Secrets (the access token, the registration secret) are held here and never formatted into text.
/// </summary>
public sealed class AgentChatSettings
{
    public const string DefaultRoomLocalpart = "aichat";

    public required Setting Homeserver { get; init; }
    public required Setting UserId { get; init; }
    public required Setting AccessToken { get; init; }
    public required Setting Instance { get; init; }
    public required Setting Room { get; init; }
    public required Setting StateDir { get; init; }
    public required Setting Gateway { get; init; }
    public required Setting RegistrationSecret { get; init; }
    public required IReadOnlyList<string> AllowedInviters { get; init; }
    /// <summary>The loop guard's budget and the unanswered list's timings: read by <see cref="LoopGuard.GuardSettings"/>.</summary>
    public Setting LoopBudget { get; init; }
    public Setting UnansweredAfter { get; init; }
    public Setting DigestInterval { get; init; }
    public required string ConfigPath { get; init; }
    public required Func<string, string?> Environment { get; init; }

    public Uri HomeserverUri => HomeserverUriOrNull
        ?? throw new SettingsException("no homeserver configured: set AGENTCHAT_HOMESERVER (e.g. http://127.0.0.1:8008) or run `cchat login`");

    public Uri? HomeserverUriOrNull =>
        Homeserver.HasValue && Uri.TryCreate(Homeserver.Value!.TrimEnd('/') + "/", UriKind.Absolute, out var uri) ? uri : null;

    public UserId UserIdValue => Matrix.UserId.TryParse(UserId.Value, out var id) ? id
        : throw new SettingsException(UserId.HasValue
            ? $"'{UserId.Value}' is not a Matrix user id (@name:server)"
            : "no Matrix account configured: set AGENTCHAT_USER_ID and AGENTCHAT_ACCESS_TOKEN, or run `cchat login`");

    public string AccessTokenValue => AccessToken.HasValue ? AccessToken.Value!
        : throw new SettingsException("no access token: set AGENTCHAT_ACCESS_TOKEN or run `cchat login`");

    /// <summary>The instance name: configured, else the user id's localpart.</summary>
    public string InstanceName => Instance.HasValue ? Instance.Value!
        : Matrix.UserId.TryParse(UserId.Value, out var id) ? id.Localpart : "agent";

    /// <summary>The shared room: configured alias or id, else <c>#aichat:&lt;server&gt;</c>.</summary>
    public string RoomValue => Room.HasValue ? Room.Value!
        : RoomAlias.For(DefaultRoomLocalpart, UserIdValue.ServerName).Value;

    public string StateDirectory => StateDir.HasValue ? StateDir.Value!
        : Path.Combine(XdgDirs.StateHome(Environment), "agentchat", InstanceName);

    public string DiscoveryDirectory => DiscoveryFile.Directory(Environment, StateDirectory);
}
