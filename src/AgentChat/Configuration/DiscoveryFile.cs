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
    public static string Directory(Func<string, string?> env, string stateDir) =>
        XdgDirs.RuntimeDir(env) is { } runtime ? Path.Combine(runtime, "agentchat") : stateDir;

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
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), ConfigJsonContext.Default.DiscoveryFile);
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
