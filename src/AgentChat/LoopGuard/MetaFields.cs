using System.Buffers;
using System.Text.Json;

namespace AgentChat.LoopGuard;

/// <summary>Sets fields of a request's <c>meta</c> object, keeping the sender's other fields.</summary>
public static class MetaFields
{
    public static JsonElement With(JsonElement? meta, string name, long value) => Write(meta, name, json => json.WriteNumber(name, value));

    public static JsonElement With(JsonElement? meta, string name, string value) => Write(meta, name, json => json.WriteString(name, value));

    private static JsonElement Write(JsonElement? meta, string name, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (meta is { ValueKind: JsonValueKind.Object } m)
            {
                foreach (var field in m.EnumerateObject())
                    if (field.Name != name) field.WriteTo(json);
            }
            write(json);
            json.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return doc.RootElement.Clone();
    }
}
