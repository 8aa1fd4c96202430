using System.Text;
using System.Text.Json;
using AgentChat.Matrix;

namespace AgentChat.Configuration;

/// <summary>
/// What a running daemon publishes for its CLI: <c>$XDG_RUNTIME_DIR/agentchat/&lt;instance&gt;.json</c> (0600),
/// removed when the daemon exits.
/// </summary>
public sealed record DiscoveryFile(string Instance, string UserId, string Gateway, string Token, int Pid)
{
    /// <summary>
    /// Where a daemon writes its file: <c>$XDG_RUNTIME_DIR/agentchat</c>, else <c>/run/user/&lt;uid&gt;/agentchat</c>
    /// when that exists, else the state dir. The CLI resolves the same way, so both agree with or without the variable.
    /// </summary>
    public static string Directory(Func<string, string?> env, string stateDir) =>
        XdgDirs.RuntimeDir(env) is { } runtime ? Path.Combine(runtime, "agentchat") : stateDir;

    /// <summary>
    /// Where a reader looks, in order: <see cref="Directory"/> first, then the places a daemon started with a
    /// different environment would have used (a service without <c>XDG_RUNTIME_DIR</c> writes to its state dir).
    /// </summary>
    public static IReadOnlyList<string> SearchPath(Func<string, string?> env, string stateDir)
    {
        var dirs = new List<string> { Directory(env, stateDir) };
        if (XdgDirs.UserRuntimeDir("/run/user") is { } user) dirs.Add(Path.Combine(user, "agentchat"));
        dirs.Add(stateDir);
        return dirs.Distinct(StringComparer.Ordinal).ToList();
    }

    public static string PathFor(string directory, string instance) => System.IO.Path.Combine(directory, $"{instance}.json");

    private bool PrintMembers(StringBuilder b)
    {
        b.Append($"Instance = {Instance}, UserId = {UserId}, Gateway = {Gateway}, Token = {Redacted.Of(Token)}, Pid = {Pid}");
        return true;
    }

    public void Write(string path) => PrivateFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(this, ConfigJsonContext.Default.DiscoveryFile));

    public static DiscoveryFile? TryRead(string path)
    {
        try
        {
            // Any stray *.json may sit here: only one with a gateway url and a token is a daemon's.
            var file = JsonSerializer.Deserialize(File.ReadAllBytes(path), ConfigJsonContext.Default.DiscoveryFile);
            return file is { Gateway.Length: > 0, Token.Length: > 0 } ? file : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The daemon of <paramref name="instance"/>, or the only one present when no instance is named.</summary>
    public static DiscoveryFile? Find(string directory, string? instance)
    {
        if (!System.IO.Directory.Exists(directory)) return null;
        if (instance is not null) return TryRead(PathFor(directory, instance));
        var files = System.IO.Directory.GetFiles(directory, "*.json");
        return files.Length == 1 ? TryRead(files[0]) : null;
    }
}
