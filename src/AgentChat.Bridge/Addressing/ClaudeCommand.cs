using AgentChat.Messages;

namespace AgentChat.Bridge.Addressing;

/// <summary>
/// A human's <c>!claude …</c>: the body starts with <c>!claude</c> (any case) followed by white space or nothing;
/// the rest is the prompt. Only a human's counts (the sender directory's word, never a claim in meta): an agent
/// that wants the bridge mentions it.
/// </summary>
internal static class ClaudeCommand
{
    public const string Word = "!claude";

    /// <summary>The prompt after <c>!claude</c>, or null when the message is not the command.</summary>
    public static string? Prompt(ChatMessage message)
    {
        if (!message.Human) return null;
        var body = message.Body.TrimStart();
        if (!body.StartsWith(Word, StringComparison.OrdinalIgnoreCase)) return null;
        var rest = body[Word.Length..];
        if (rest.Length > 0 && !char.IsWhiteSpace(rest[0])) return null;
        return rest.Trim();
    }
}
