using System.Globalization;
using System.Text.Json;
using AgentChat.Messages;

namespace AgentChat.Accounting;

/// <summary>
/// Reads <c>meta.bridge</c> totally: it is written by whoever sent the message. A message is an answer when
/// <c>meta.bridge.answers</c> is a non-empty string; each figure is taken only when it has the right JSON type and a
/// plausible value, else left out, and nothing here throws on any content.
/// </summary>
public static class AnswerCostReader
{
    /// <summary>More tokens than any one answer could use (a trillion): a larger figure is a lie or a bug, not a cost.</summary>
    public const long MaxTokens = 1_000_000_000_000;
    /// <summary>Dollars per answer above which the figure is not believed.</summary>
    public const double MaxCostUsd = 100_000;
    /// <summary>Thirty days, in ms.</summary>
    public const long MaxDurationMs = 30L * 24 * 3600 * 1000;
    public const int MaxTurns = 1_000_000;
    private const int MaxIdLength = 255;
    private const int MaxModelLength = 200;
    private const int MaxErrorLength = 64;

    /// <summary>The cost of <paramref name="message"/> when it is a bridge answer, else null.</summary>
    public static AnswerCost? Read(ChatMessage message) => message.Meta is { } meta ? Read(meta) : null;

    /// <summary>The cost in a <c>meta</c> object when it holds a bridge answer, else null.</summary>
    public static AnswerCost? Read(JsonElement meta)
    {
        try
        {
            if (meta.ValueKind != JsonValueKind.Object || !meta.TryGetProperty("bridge", out var b) || b.ValueKind != JsonValueKind.Object) return null;
            if (Text(b, "answers", MaxIdLength) is not { } answers) return null;
            return new AnswerCost
            {
                Answers = answers,
                Model = Text(b, "model", MaxModelLength),
                InputTokens = Whole(b, "input_tokens", MaxTokens),
                OutputTokens = Whole(b, "output_tokens", MaxTokens),
                CacheReadTokens = Whole(b, "cache_read_tokens", MaxTokens),
                CacheCreationTokens = Whole(b, "cache_creation_tokens", MaxTokens),
                CostUsd = Dollars(b),
                DurationMs = Whole(b, "duration_ms", MaxDurationMs),
                Turns = Whole(b, "turns", MaxTurns) is { } turns ? (int)turns : null,
                Task = Text(b, "task", MaxIdLength) is ['$', ..] task ? task : null,
                Error = Text(b, "error", MaxErrorLength),
            };
        }
        catch (InvalidOperationException)
        {
            return null; // a disposed or default element: nothing to read
        }
    }

    private static string? Text(JsonElement o, string name, int maxLength) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s && s.Length <= maxLength
        && !s.Any(char.IsControl) ? s : null;

    private static long? Whole(JsonElement o, string name, long max) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0 && n <= max ? n : null;

    /// <summary>
    /// A decimal string, as the bridge writes it (Matrix refuses floats in events: "0.0123"), or a JSON number (a whole
    /// dollar amount, or another homeserver's room). Digits and one point only: no sign, exponent, spaces or NaN.
    /// </summary>
    private static double? Dollars(JsonElement o)
    {
        if (!o.TryGetProperty("cost_usd", out var v)) return null;
        double d;
        if (v.ValueKind == JsonValueKind.Number)
        {
            if (!v.TryGetDouble(out d)) return null;
        }
        else if (v.ValueKind != JsonValueKind.String || v.GetString() is not { Length: > 0 and <= 32 } text || !text.All(c => char.IsAsciiDigit(c) || c == '.')
                 || !double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out d))
        {
            return null;
        }
        return double.IsFinite(d) && d >= 0 && d <= MaxCostUsd ? d : null;
    }
}
