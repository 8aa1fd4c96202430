namespace AgentChat.Attachments;

/// <summary>An <c>mxc://server/media-id</c> uri, read strictly: it becomes a download path, so nothing else passes.</summary>
public sealed record MxcUri(string Server, string MediaId)
{
    public override string ToString() => $"mxc://{Server}/{MediaId}";

    public static MxcUri? TryParse(string? uri)
    {
        if (uri is null || uri.Length > 512 || !uri.StartsWith("mxc://", StringComparison.Ordinal)) return null;
        var rest = uri["mxc://".Length..];
        var slash = rest.IndexOf('/');
        if (slash <= 0) return null;
        var (server, media) = (rest[..slash], rest[(slash + 1)..]);
        // Server names: host[:port] (Matrix spec appendix); media ids: [A-Za-z0-9_-]+.
        if (media.Length == 0 || !media.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')) return null;
        if (!server.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '[' or ']')) return null;
        return new MxcUri(server, media);
    }
}
