using AgentChat.Messages;

namespace AgentChat.Cli.Mcp.Channel;

/// <summary>What a feed reports: a message as it arrived, or the session turning busy or idle (known only through a daemon's hooks).</summary>
internal interface IChannelSink
{
    ValueTask MessageAsync(ChatMessage message, CancellationToken ct);

    void Busy(bool busy);
}
