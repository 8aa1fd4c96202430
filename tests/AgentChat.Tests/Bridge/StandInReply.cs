namespace AgentChat.Tests.Bridge;

/// <summary>What the stand-in model answers one request: a text (streamed like the Messages API), or an HTTP error; after <see cref="Hold"/> completes.</summary>
internal sealed record StandInReply(string Text, int Status = 200, Task? Hold = null)
{
    public static StandInReply Error(int status, string message) => new(message, status);
}
