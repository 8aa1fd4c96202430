namespace AgentChat.Bridge.Claude;

/// <summary>The tokens one Claude Code run used, as its <c>result</c> line's <c>usage</c> says (0 when it said nothing).</summary>
internal sealed record ClaudeUsage(long InputTokens, long OutputTokens, long CacheReadTokens, long CacheCreationTokens)
{
    public static readonly ClaudeUsage None = new(0, 0, 0, 0);
}
