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

    /// <summary>Every string in the request (system prompt, messages, tool descriptions), unescaped, one per line.</summary>
    public string Text => Body is null ? Raw : Strings(Body);

    /// <summary>The <c>tool_result</c> blocks of the last user message: every string in each.</summary>
    public IReadOnlyList<string> ToolResults =>
        LastUser?["content"] is JsonArray content
            ? [.. content.Where(b => b?["type"]?.GetValue<string>() == "tool_result").Select(Strings)]
            : [];

    public int MessageCount => Body?["messages"] is JsonArray m ? m.Count : 0;

    /// <summary>The text of the last user message (its text blocks, tool results and system reminders included).</summary>
    public string LastUserMessage => Strings(LastUser);

    private JsonNode? LastUser =>
        Body?["messages"] is JsonArray messages ? messages.LastOrDefault(m => m?["role"]?.GetValue<string>() == "user") : null;

    public override string ToString() => $"#{Index} {Path} model={Model} main={Main} messages={MessageCount} last={Shorten(LastUserMessage, 600)}";

    private static string Strings(JsonNode? node)
    {
        var text = new System.Text.StringBuilder();
        Collect(node, text);
        return text.ToString();
    }

    private static void Collect(JsonNode? node, System.Text.StringBuilder text)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, v) in o) Collect(v, text);
                break;
            case JsonArray a:
                foreach (var v in a) Collect(v, text);
                break;
            case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String:
                text.Append(v.GetValue<string>()).Append('\n');
                break;
        }
    }

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..max] + "…";
}
