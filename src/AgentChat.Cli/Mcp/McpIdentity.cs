using AgentChat.Cli.Agent;
using AgentChat.Cli.Gateway;
using AgentChat.Configuration;
using AgentChat.Gateway;

namespace AgentChat.Cli.Mcp;

/// <summary>
/// Says which identity and which daemon <c>cchat mcp</c> uses, and, when it has no account, everywhere it looked and
/// what fixes it. Never a token.
/// </summary>
internal static class McpIdentity
{
    /// <summary>How the config file was chosen: the flag, the environment, or the default path.</summary>
    public static string ConfigSource(string? flag, AgentChatSettings settings) =>
        flag is not null ? "--config" : settings.Environment("AGENTCHAT_CONFIG") is not null ? "AGENTCHAT_CONFIG" : "the default path";

    public static bool HasAccount(AgentChatSettings s) => s.Homeserver.HasValue && s.UserId.HasValue && s.AccessToken.HasValue;

    /// <summary>The one line logged at start.</summary>
    public static string StartLine(AgentChatSettings s, string configSource, GatewayEndpoint? gateway, StatusResponse? daemon, string? gatewayError)
    {
        var config = $"config {s.ConfigPath} ({configSource}{(File.Exists(s.ConfigPath) ? "" : ", missing")})";
        if (daemon is not null)
            return $"cchat mcp: as {daemon.UserId} (instance {daemon.Instance}) through the daemon at {gateway!.Url} ({gateway.Source}); {config}";
        var who = HasAccount(s) ? $"as {s.UserId.Value} (instance {s.InstanceName}) on {s.Homeserver.Value}" : "without a Matrix account";
        var why = gateway is null
            ? gatewayError ?? $"no daemon found in {string.Join(", ", GatewayEndpoint.SearchPath(s))}"
            : $"the daemon at {gateway.Url} ({gateway.Source}) does not answer{(gatewayError is null ? "" : $": {gatewayError}")}";
        var line = $"cchat mcp: {who}, direct to the homeserver ({why}); {config}";
        return HasAccount(s) ? line : line + Environment.NewLine + "cchat mcp: " + NoAccount(s, configSource);
    }

    /// <summary>The tool error when neither an account nor a daemon is found.</summary>
    public static string NoAccount(AgentChatSettings s, string configSource)
    {
        var missing = new List<string>();
        if (!s.Homeserver.HasValue) missing.Add("homeserver");
        if (!s.UserId.HasValue) missing.Add("user id");
        if (!s.AccessToken.HasValue) missing.Add("access token");
        var file = File.Exists(s.ConfigPath) ? "exists but does not hold them" : "does not exist";
        var env = string.Join(", ", new[] { "AGENTCHAT_HOMESERVER", "AGENTCHAT_USER_ID", "AGENTCHAT_ACCESS_TOKEN", "AGENTCHAT_CONFIG" }
            .Select(v => $"{v} {(s.Environment(v) is { Length: > 0 } ? "set" : "unset")}"));
        var dirs = GatewayEndpoint.SearchPath(s);
        var homeserver = s.Homeserver.HasValue ? s.Homeserver.Value : "URL";
        return $"no Matrix account found (missing: {string.Join(", ", missing)}). Looked in: " +
               $"the flags --homeserver/--config/--instance; the environment ({env}); " +
               $"the config file {s.ConfigPath} (chosen by {configSource}; it {file}); " +
               $"a daemon's discovery file in {(dirs.Count == 0 ? "no directory" : string.Join(", ", dirs))} (none). " +
               "MCP clients start servers with almost no environment, so the account must come from a config file named in the server's args. " +
               $"Fix: run `cchat login --config {s.ConfigPath} --homeserver {homeserver} --user NAME --password-stdin` in a terminal; " +
               "or, if your account is already in another config file, run `cchat mcp --print-config --config THAT_FILE` and register the entry it prints.";
    }
}
