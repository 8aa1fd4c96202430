namespace AgentChat.Configuration;

/// <summary>Resolves settings: flags &gt; environment &gt; config file &gt; defaults.</summary>
public static class SettingsLoader
{
    public static AgentChatSettings Load(IReadOnlyDictionary<string, string?>? flags = null, Func<string, string?>? environment = null, string? configPath = null)
    {
        var env = environment ?? System.Environment.GetEnvironmentVariable;
        flags ??= new Dictionary<string, string?>();
        var path = configPath ?? env("AGENTCHAT_CONFIG") ?? ConfigFile.DefaultPath(env);
        var file = ConfigFile.Load(path);

        Setting Resolve(string flag, string variable, string? fromFile)
        {
            if (flags.TryGetValue(flag, out var f) && !string.IsNullOrEmpty(f)) return new Setting(f, SettingSource.Flag);
            if (env(variable) is { Length: > 0 } e) return new Setting(e, SettingSource.Environment);
            if (!string.IsNullOrEmpty(fromFile)) return new Setting(fromFile, SettingSource.ConfigFile);
            return new Setting(null, SettingSource.Default);
        }

        var inviters = env("AGENTCHAT_ALLOWED_INVITERS") is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : file.AllowedInviters ?? [];

        return new AgentChatSettings
        {
            Homeserver = Resolve("homeserver", "AGENTCHAT_HOMESERVER", file.Homeserver),
            UserId = Resolve("user-id", "AGENTCHAT_USER_ID", file.UserId),
            AccessToken = Resolve("access-token", "AGENTCHAT_ACCESS_TOKEN", file.AccessToken),
            Instance = Resolve("instance", "AGENTCHAT_INSTANCE", file.Instance),
            Room = Resolve("room", "AGENTCHAT_ROOM", file.Room),
            StateDir = Resolve("state-dir", "AGENTCHAT_STATE_DIR", file.StateDir),
            Gateway = Resolve("gateway", "AGENTCHAT_GATEWAY", file.Gateway),
            RegistrationSecret = Resolve("registration-secret", "AGENTCHAT_REGISTRATION_SECRET", null),
            AllowedInviters = inviters,
            LoopBudget = Resolve("loop-budget", "AGENTCHAT_LOOP_BUDGET", Invariant(file.LoopBudget)),
            UnansweredAfter = Resolve("unanswered-after", "AGENTCHAT_UNANSWERED_AFTER", Invariant(file.UnansweredAfterSeconds)),
            DigestInterval = Resolve("digest-interval", "AGENTCHAT_DIGEST_INTERVAL", Invariant(file.DigestIntervalSeconds)),
            ConfigPath = path,
            Environment = env,
        };
    }

    private static string? Invariant(int? n) => n?.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
