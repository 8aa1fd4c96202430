using System.Globalization;

namespace AgentChat.Cli.Direct;

/// <summary>
/// When this session last refreshed its registry entry, kept in the state dir so a burst of CLI calls
/// writes the entry once, not once per call: an entry stays alive for its TTL (120 s); refreshing after
/// a quarter of it keeps it alive with a wide margin.
/// </summary>
internal sealed class PresenceStamp(string stateDirectory, string key, TimeProvider time)
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(30);

    private string FilePath => Path.Combine(stateDirectory, "ephemeral-registry.stamp");

    public bool IsFresh()
    {
        try
        {
            var parts = File.ReadAllText(FilePath).Split('\n');
            return parts.Length >= 2 && parts[0] == key
                   && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
                   && time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(ms) < RefreshAfter;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Touch()
    {
        try
        {
            Directory.CreateDirectory(stateDirectory);
            File.WriteAllText(FilePath, $"{key}\n{time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // best effort: the next call refreshes again
        }
    }
}
