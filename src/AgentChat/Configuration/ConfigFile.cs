using System.Text;
using System.Text.Json;
using AgentChat.Matrix;

namespace AgentChat.Configuration;

/// <summary>The agent's config file, <c>$XDG_CONFIG_HOME/agentchat/config.json</c>, always 0600.</summary>
public sealed record ConfigFile
{
    public string? Homeserver { get; init; }
    public string? UserId { get; init; }
    public string? AccessToken { get; init; }
    public string? DeviceId { get; init; }
    public string? Instance { get; init; }
    public string? Room { get; init; }
    public string? StateDir { get; init; }
    public string? Gateway { get; init; }
    public IReadOnlyList<string>? AllowedInviters { get; init; }
    public int? LoopBudget { get; init; }
    public int? UnansweredAfterSeconds { get; init; }
    public int? DigestIntervalSeconds { get; init; }

    public static string DefaultPath(Func<string, string?> env) =>
        Path.Combine(XdgDirs.ConfigHome(env), "agentchat", "config.json");

    public static ConfigFile Load(string path)
    {
        if (!File.Exists(path)) return new ConfigFile();
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), ConfigJsonContext.Default.ConfigFile) ?? new ConfigFile();
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{path} is not valid JSON ({e.Message}); fix it or run `cchat login` to write it again", e);
        }
    }

    /// <summary>Every member but the access token's value.</summary>
    private bool PrintMembers(StringBuilder b)
    {
        b.Append($"Homeserver = {Homeserver}, UserId = {UserId}, AccessToken = {Redacted.Of(AccessToken)}, DeviceId = {DeviceId}, Instance = {Instance}, ");
        b.Append($"Room = {Room}, StateDir = {StateDir}, Gateway = {Gateway}, AllowedInviters = [{string.Join(", ", AllowedInviters ?? [])}], ");
        b.Append($"LoopBudget = {LoopBudget}, UnansweredAfterSeconds = {UnansweredAfterSeconds}, DigestIntervalSeconds = {DigestIntervalSeconds}");
        return true;
    }

    public void Save(string path) => PrivateFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(this, ConfigJsonContext.Default.ConfigFile));
}
