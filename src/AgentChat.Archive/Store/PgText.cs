using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AgentChat.Archive.Store;

/// <summary>
/// What PostgreSQL refuses, taken out of strangers' text before it is written: NUL characters (in text and
/// jsonb alike), unpaired surrogates, and JSON numbers beyond <c>numeric</c>. Everything else is kept as it came.
/// </summary>
internal static class PgText
{
    public static string Clean(string value)
    {
        var bad = false;
        for (var i = 0; i < value.Length && !bad; i++)
        {
            var c = value[i];
            if (c == '\0') bad = true;
            else if (char.IsHighSurrogate(c)) { if (i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) i++; else bad = true; }
            else if (char.IsLowSurrogate(c)) bad = true;
        }
        if (!bad) return value;
        var b = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0') continue;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { b.Append(c).Append(value[++i]); continue; }
            b.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
        }
        return b.ToString();
    }

    /// <summary>The JSON text of <paramref name="element"/>, as jsonb accepts it.</summary>
    public static string Json(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
            Write(writer, element);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter w, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var p in e.EnumerateObject())
                {
                    w.WritePropertyName(Clean(p.Name));
                    Write(w, p.Value);
                }
                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in e.EnumerateArray()) Write(w, item);
                w.WriteEndArray();
                break;
            case JsonValueKind.String:
                w.WriteStringValue(Clean(StringOf(e)));
                break;
            case JsonValueKind.Number:
                var raw = e.GetRawText();
                if (raw.Length <= 64 && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) w.WriteRawValue(raw);
                else w.WriteStringValue(raw);
                break;
            case JsonValueKind.True: w.WriteBooleanValue(true); break;
            case JsonValueKind.False: w.WriteBooleanValue(false); break;
            default: w.WriteNullValue(); break;
        }
    }

    private static string StringOf(JsonElement e)
    {
        try
        {
            return e.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            return "\uFFFD";
        }
    }

    /// <summary>A Matrix timestamp (ms, from a stranger) as a time PostgreSQL holds: clamped to 0001..9999.</summary>
    public static DateTime Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(ms, -62_135_596_800_000, 253_402_300_799_999)).UtcDateTime;
}
