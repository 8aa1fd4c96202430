using System.Runtime.InteropServices;

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

    /// <summary>
    /// <c>$XDG_RUNTIME_DIR</c>, else <c>/run/user/&lt;uid&gt;</c> when it exists: MCP clients and service managers
    /// often start processes without the variable, and this is where systemd-logind puts it.
    /// </summary>
    public static string? RuntimeDir(Func<string, string?> env) =>
        env("XDG_RUNTIME_DIR") is { Length: > 0 } v ? v : UserRuntimeDir("/run/user");

    /// <summary><c>&lt;root&gt;/&lt;uid&gt;</c> when that directory exists.</summary>
    internal static string? UserRuntimeDir(string root)
    {
        var dir = Path.Combine(root, UserId().ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Directory.Exists(dir) ? dir : null;
    }

    public static uint UserId() => GetUid();

    [DllImport("libc", EntryPoint = "getuid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint GetUid();
}
