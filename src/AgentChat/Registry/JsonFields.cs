using System.Text.Json;

namespace AgentChat.Registry;

/// <summary>Total reads of one field of a JSON object: a missing or wrong-typed field is null, never an exception.</summary>
internal static class JsonFields
{
    public static string? String(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static long? Long(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    public static bool? Bool(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    /// <summary>True when <paramref name="element"/> nests no deeper than <paramref name="max"/> levels.</summary>
    public static bool DepthAtMost(JsonElement element, int max)
    {
        if (element.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)) return true;
        if (max <= 0) return false;
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in element.EnumerateObject())
                if (!DepthAtMost(p.Value, max - 1)) return false;
        }
        else
        {
            foreach (var item in element.EnumerateArray())
                if (!DepthAtMost(item, max - 1)) return false;
        }
        return true;
    }

    public static IReadOnlyList<string> Strings(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Array) return [];
        var list = new List<string>();
        foreach (var item in v.EnumerateArray())
            if (item.ValueKind == JsonValueKind.String) list.Add(item.GetString()!);
        return list;
    }
}
