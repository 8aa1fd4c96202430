using AgentChat.Cli.Agent;
using AgentChat.Cli.Gateway;
using AgentChat.Configuration;

namespace AgentChat.Cli.History;

/// <summary>
/// Where an archive serves history: AGENTCHAT_ARCHIVE (with AGENTCHAT_ARCHIVE_TOKEN), else the discovery file a
/// running archive writes in the <c>archive/</c> folder beside the daemons' ones.
/// </summary>
internal sealed record ArchiveEndpoint(Uri Url, string? Token, string Source)
{
    public static ArchiveEndpoint? Find(AgentChatSettings settings)
    {
        if (settings.Environment("AGENTCHAT_ARCHIVE") is { Length: > 0 } configured)
        {
            if (!Uri.TryCreate(configured.TrimEnd('/') + "/", UriKind.Absolute, out var url))
                throw new UsageException($"AGENTCHAT_ARCHIVE '{configured}' is not a URL (e.g. http://127.0.0.1:8871)");
            return new ArchiveEndpoint(url, settings.Environment("AGENTCHAT_ARCHIVE_TOKEN"), "AGENTCHAT_ARCHIVE");
        }
        foreach (var dir in GatewayEndpoint.SearchPath(settings))
        {
            var archives = Path.Combine(dir, "archive");
            if (!Directory.Exists(archives)) continue;
            foreach (var file in Directory.GetFiles(archives, "*.json").Order(StringComparer.Ordinal))
                if (DiscoveryFile.TryRead(file) is { } d && Uri.TryCreate(d.Gateway.TrimEnd('/') + "/", UriKind.Absolute, out var found))
                    return new ArchiveEndpoint(found, d.Token, "discovery");
        }
        return null;
    }

    /// <summary>Without the token.</summary>
    public override string ToString() => $"{Url} ({Source})";
}
