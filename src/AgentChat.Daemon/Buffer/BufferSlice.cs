using AgentChat.Messages;

namespace AgentChat.Daemon.Buffer;

internal sealed record BufferSlice(IReadOnlyList<ChatMessage> Messages, bool Gap, long Latest);
