using System.Text.Json;

namespace AgentChat.Bridge.Claude;

/// <summary>
/// Reads the lines of <c>claude -p --output-format stream-json --verbose</c>, totally: a line that is not JSON,
/// not an object, of an unknown type or with fields of the wrong type is counted and passed over, never thrown.
/// Keeps the session id (from <c>system</c>/<c>init</c>, or any line carrying one), the last assistant text
/// (the fallback answer when no <c>result</c> comes) and the <c>result</c>.
/// </summary>
internal sealed class StreamJsonParser
{
    /// <summary>Longest line read; a longer one is skipped (a model's answer is far smaller).</summary>
    public const int MaxLineChars = 4 * 1024 * 1024;

    /// <summary>Longest text kept from an assistant message or the result: with its rendered HTML it stays under the 64 KB event limit.</summary>
    public const int MaxTextChars = 24_000;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    public string? SessionId { get; private set; }
    public string? Model { get; private set; }
    public string? LastAssistantText { get; private set; }
    public ClaudeResult? Result { get; private set; }
    public bool SawInit { get; private set; }
    public int Lines { get; private set; }
    public int Skipped { get; private set; }

    public void Feed(string? line)
    {
        if (string.IsNullOrWhiteSpace(line)) return;
        Lines++;
        if (line.Length > MaxLineChars || !TryRead(line))
            Skipped++;
    }

    private bool TryRead(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line, Options);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return false;
            if (Str(root, "session_id") is { Length: > 0 and <= 200 } session) SessionId = session;
            switch (Str(root, "type"))
            {
                case "system":
                    if (Str(root, "subtype") == "init")
                    {
                        SawInit = true;
                        Model = Str(root, "model") is { Length: <= 200 } model ? model : Model;
                    }
                    return true;
                case "assistant":
                    if (AssistantText(root) is { Length: > 0 } text) LastAssistantText = Cap(text);
                    return true;
                case "result":
                    Result = ReadResult(root);
                    return true;
                case "user" or "stream_event" or "rate_limit_event":
                    return true;
                default:
                    return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private ClaudeResult ReadResult(JsonElement root)
    {
        var usage = root.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object
            ? new ClaudeUsage(Count(u, "input_tokens"), Count(u, "output_tokens"), Count(u, "cache_read_input_tokens"), Count(u, "cache_creation_input_tokens"))
            : ClaudeUsage.None;
        var isError = root.TryGetProperty("is_error", out var e) && e.ValueKind == JsonValueKind.True;
        var subtype = Str(root, "subtype");
        if (subtype is { Length: > 100 }) subtype = subtype[..100];
        var turns = Count(root, "num_turns");
        return new ClaudeResult(Str(root, "result") is { } text ? Cap(text) : null, isError, subtype, SessionId, usage,
            Cost(root), root.TryGetProperty("duration_ms", out _) ? Count(root, "duration_ms") : null,
            root.TryGetProperty("num_turns", out _) ? (int)Math.Min(turns, int.MaxValue) : null);
    }

    /// <summary>The text blocks of <c>message.content</c>, joined.</summary>
    private static string? AssistantText(JsonElement root)
    {
        if (!root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object) return null;
        if (!message.TryGetProperty("content", out var content)) return null;
        if (content.ValueKind == JsonValueKind.String) return content.GetString();
        if (content.ValueKind != JsonValueKind.Array) return null;
        var parts = new List<string>();
        foreach (var block in content.EnumerateArray())
            if (block.ValueKind == JsonValueKind.Object && Str(block, "type") == "text" && Str(block, "text") is { } t) parts.Add(t);
        return parts.Count == 0 ? null : string.Join("\n", parts);
    }

    private static string? Str(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>A count: a whole non-negative number, else 0.</summary>
    private static long Count(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0 ? n
        : o.TryGetProperty(name, out v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) && d >= 0 && d < long.MaxValue ? (long)d
        : 0;

    private static double? Cost(JsonElement o) =>
        o.TryGetProperty("total_cost_usd", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) && d >= 0 ? d : null;

    private static string Cap(string text) => text.Length <= MaxTextChars ? text : text[..MaxTextChars] + "\n… (cut: the answer was longer)";
}
