using System.Security.Cryptography;
using System.Text;
using AgentChat.Configuration;

namespace AgentChat.Hosting.Metrics;

/// <summary>
/// An optional second bearer token that opens GET /metrics and nothing else, so Prometheus can scrape with a
/// credentials file without holding the token that acts as the agent. Read once from
/// the host's metrics token file (AGENTCHAT_METRICS_TOKEN_FILE) at start.
/// </summary>
public sealed class ScrapeToken
{
    private readonly byte[]? _bytes;

    public ScrapeToken(string? path)
    {
        if (path is null) return;
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException($"cannot read the metrics token file {path} (AGENTCHAT_METRICS_TOKEN_FILE): {e.Message}");
        }
        if (text.Length < 16)
            throw new SettingsException($"the metrics token in {path} is {(text.Length == 0 ? "empty" : "too short")}: write at least 16 random characters (openssl rand -hex 32)");
        _bytes = Encoding.UTF8.GetBytes(text);
    }

    public bool Matches(ReadOnlySpan<byte> presented) => _bytes is not null && CryptographicOperations.FixedTimeEquals(presented, _bytes);
}
