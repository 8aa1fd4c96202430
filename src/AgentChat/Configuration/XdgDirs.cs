namespace AgentChat.Configuration;

/// <summary>The XDG base directories, with their documented fallbacks.</summary>
public static class XdgDirs
{
    public static string Home(Func<string, string?> env) =>
        env("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    public static string ConfigHome(Func<string, string?> env) =>
        env("XDG_CONFIG_HOME") is { Length: > 0 } v ? v : Path.Combine(Home(env), ".config");

    public static string StateHome(Func<string, string?> env) =>
        env("XDG_STATE_HOME") is { Length: > 0 } v ? v : Path.Combine(Home(env), ".local", "state");

    public static string? RuntimeDir(Func<string, string?> env) =>
        env("XDG_RUNTIME_DIR") is { Length: > 0 } v ? v : null;
}
