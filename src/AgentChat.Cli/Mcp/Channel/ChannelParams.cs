namespace AgentChat.Cli.Mcp.Channel;

/// <summary>The params of <c>notifications/claude/channel</c>: the text the model reads, and string-valued meta with identifier keys.</summary>
internal sealed record ChannelParams(string Content, IReadOnlyDictionary<string, string> Meta)
{
    public const string Method = "notifications/claude/channel";
}
