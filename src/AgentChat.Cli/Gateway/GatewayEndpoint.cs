using AgentChat.Configuration;

namespace AgentChat.Cli.Gateway;

/// <summary>Where this agent's daemon listens and the bearer token it wants.</summary>
internal sealed record GatewayEndpoint(Uri Url, string? Token, string Source)
{
    /// <summary>
    /// The configured gateway (flag, env, config) with the token from its discovery file or
    /// AGENTCHAT_GATEWAY_TOKEN; else the discovery file of AGENTCHAT_INSTANCE, of this user, or the only one.
    /// </summary>
    public static GatewayEndpoint? Find(AgentChatSettings settings)
    {
        var discovered = Discover(settings);
        if (settings.Gateway.HasValue)
        {
            if (!Uri.TryCreate(settings.Gateway.Value!.TrimEnd('/') + "/", UriKind.Absolute, out var url))
                throw new UsageException($"gateway '{settings.Gateway.Value}' is not a URL (e.g. http://127.0.0.1:8870)");
            var token = discovered is not null && SameEndpoint(discovered.Gateway, url) ? discovered.Token
                : settings.Environment("AGENTCHAT_GATEWAY_TOKEN");
            return new GatewayEndpoint(url, token, settings.Gateway.Source.ToString());
        }
        if (discovered is null || !Uri.TryCreate(discovered.Gateway.TrimEnd('/') + "/", UriKind.Absolute, out var found)) return null;
        return new GatewayEndpoint(found, discovered.Token, "discovery");
    }

    /// <summary>Without the token: a record would print every member.</summary>
    public override string ToString() => $"{Url} ({Source})";

    /// <summary>The directories searched for a daemon's discovery file, in order.</summary>
    public static IReadOnlyList<string> SearchPath(AgentChatSettings settings)
    {
        try
        {
            return DiscoveryFile.SearchPath(settings.Environment, settings.StateDirectory);
        }
        catch (SettingsException)
        {
            return [];
        }
    }

    private static DiscoveryFile? Discover(AgentChatSettings settings)
    {
        foreach (var directory in SearchPath(settings))
            if (DiscoverIn(directory, settings) is { } file) return file;
        return null;
    }

    private static DiscoveryFile? DiscoverIn(string directory, AgentChatSettings settings)
    {
        var instance = settings.Instance.HasValue ? settings.Instance.Value : null;
        if (DiscoveryFile.Find(directory, instance) is { } file) return file;
        if (instance is not null || !settings.UserId.HasValue || !Directory.Exists(directory)) return null;
        // Several daemons on this host: the one of our account.
        return Directory.GetFiles(directory, "*.json").Select(DiscoveryFile.TryRead)
            .FirstOrDefault(d => d is not null && d.UserId == settings.UserId.Value);
    }

    private static bool SameEndpoint(string a, Uri b) =>
        Uri.TryCreate(a.TrimEnd('/') + "/", UriKind.Absolute, out var ua) && Uri.Compare(ua, b, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
