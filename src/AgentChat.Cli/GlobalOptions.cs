using System.CommandLine;
using AgentChat.Configuration;

namespace AgentChat.Cli;

/// <summary>Options every verb takes; they win over the environment and the config file.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Config = new("--config")
    {
        Description = "Config file to use (default $XDG_CONFIG_HOME/agentchat/config.json; env AGENTCHAT_CONFIG)",
        Recursive = true,
    };

    public static readonly Option<string?> Homeserver = new("--homeserver")
    {
        Description = "Homeserver base URL (env AGENTCHAT_HOMESERVER)",
        Recursive = true,
    };

    public static readonly Option<string?> Instance = new("--instance")
    {
        Description = "Instance name (env AGENTCHAT_INSTANCE; default: the user id's localpart)",
        Recursive = true,
    };

    public static readonly Option<string?> Gateway = new("--gateway")
    {
        Description = "Gateway URL of a running daemon, when it is not discovered (env AGENTCHAT_GATEWAY)",
        Recursive = true,
    };

    public static void AddTo(Command root)
    {
        root.Add(Config);
        root.Add(Homeserver);
        root.Add(Instance);
        root.Add(Gateway);
    }

    /// <summary>Settings for this invocation: flags &gt; environment &gt; config file.</summary>
    public static AgentChatSettings LoadSettings(ParseResult parse, params (string Key, string? Value)[] extra)
    {
        var flags = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["homeserver"] = parse.GetValue(Homeserver),
            ["instance"] = parse.GetValue(Instance),
            ["gateway"] = parse.GetValue(Gateway),
        };
        foreach (var (key, value) in extra) flags[key] = value;
        try
        {
            return SettingsLoader.Load(flags, configPath: parse.GetValue(Config));
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
