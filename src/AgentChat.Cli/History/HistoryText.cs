using AgentChat.Cli.Output;
using AgentChat.History;

namespace AgentChat.Cli.History;

/// <summary>History as text: each message as <c>cchat read</c> shows it, with the matching words when it was a search.</summary>
internal static class HistoryText
{
    public static string Format(HistoryResponse r)
    {
        if (r.Messages.Count == 0) return "no messages found";
        var lines = r.Messages.Select(h => TextFormat.Message(h.Message) + (h.Snippet is { } s ? $"\n    match: {s.ReplaceLineEndings(" ")}" : "")).ToList();
        if (r.Next is { } next) lines.Add($"(older messages: --before {next})");
        return string.Join('\n', lines);
    }
}
