namespace AgentChat.Messages;

/// <summary>The event would exceed the homeserver's size limit; it is refused, never truncated.</summary>
public sealed class MessageTooLargeException(int size, int limit)
    : Exception($"the message is {size} bytes as a Matrix event; the limit is {limit} bytes (65,536 for the whole event, less its envelope). Split it into several messages or send a link to the content.")
{
    public int Size { get; } = size;
    public int Limit { get; } = limit;
}
