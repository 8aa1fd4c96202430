using System.Text.Json;

namespace AgentChat.Cli.Mcp;

/// <summary>A tool call's arguments, read totally: a missing or mistyped one is absent, never an exception of its own.</summary>
internal static class ToolArgs
{
    /// <summary>A non-empty string, or null.</summary>
    public static string? Text(IDictionary<string, JsonElement> a, string key) =>
        a.TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    /// <summary>A non-empty string, or a usage error saying <paramref name="missing"/> (by default, that <paramref name="key"/> is required).</summary>
    public static string Required(IDictionary<string, JsonElement> a, string key, string? missing = null) =>
        Text(a, key) ?? throw new UsageException(missing ?? $"{key} is required");

    /// <summary>A number, or a string holding one; else null.</summary>
    public static int? Int(IDictionary<string, JsonElement> a, string key) =>
        a.TryGetValue(key, out var v) ? v.ValueKind switch
        {
            JsonValueKind.Number when v.TryGetInt32(out var i) => i,
            JsonValueKind.String when int.TryParse(v.GetString(), out var i) => i,
            _ => null,
        } : null;

    /// <summary>True only for JSON <c>true</c>.</summary>
    public static bool Flag(IDictionary<string, JsonElement> a, string key) =>
        a.TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.True;

    /// <summary>The strings of an array, or a single string as a list of one; null when neither.</summary>
    public static List<string>? List(IDictionary<string, JsonElement> a, string key) =>
        a.TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : a.TryGetValue(key, out var one) && one.ValueKind == JsonValueKind.String ? [one.GetString()!] : null;
}
