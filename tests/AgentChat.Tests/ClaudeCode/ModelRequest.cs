using System.Text.Json.Nodes;

namespace AgentChat.Tests.ClaudeCode;

/// <summary>
/// One request Claude Code made to the stand-in, as it came. <see cref="Main"/> is a turn of the conversation (it offers
/// tools); side requests (titles, quota checks, token counts) offer none.
/// </summary>
internal sealed record ModelRequest(int Index, string Path, string Raw, JsonNode? Body)
{
    public bool IsMessages => Path.StartsWith("/v1/messages", StringComparison.Ordinal) && !Path.StartsWith("/v1/messages/count_tokens", StringComparison.Ordinal);

    public bool Main => IsMessages && Body?["tools"] is JsonArray { Count: > 0 };

    public bool Streamed => Body?["stream"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;

    public string Model => Body?["model"]?.GetValue<string>() ?? "claude-stand-in";

    public IReadOnlyList<string> ToolNames =>
        Body?["tools"] is JsonArray tools ? [.. tools.Select(t => t?["name"]?.GetValue<string>() ?? "")] : [];

    /// <summary>The system prompt and every message, as one string (JSON-escaped text, so search plain words).</summary>
    public string Text => Raw;

    /// <summary>The <c>tool_result</c> blocks of the last user message, as their raw JSON.</summary>
    public IReadOnlyList<string> ToolResults =>
        Body?["messages"] is JsonArray { Count: > 0 } messages && messages[^1]?["content"] is JsonArray content
            ? [.. content.Where(b => b?["type"]?.GetValue<string>() == "tool_result").Select(b => b!.ToJsonString())]
            : [];

    public int MessageCount => Body?["messages"] is JsonArray m ? m.Count : 0;

    /// <summary>The text of the last user message (its text blocks, tool results and system reminders included).</summary>
    public string LastUserMessage =>
        Body?["messages"] is JsonArray { Count: > 0 } messages ? messages[^1]!.ToJsonString() : "";

    public override string ToString() => $"#{Index} {Path} model={Model} main={Main} messages={MessageCount} last={Shorten(LastUserMessage, 600)}";

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..max] + "…";
}
