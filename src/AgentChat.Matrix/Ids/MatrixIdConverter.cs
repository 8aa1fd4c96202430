using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentChat.Matrix;

/// <summary>
/// Reads and writes a typed Matrix id as a plain JSON string. A value that is not a string reads as the empty
/// id rather than failing the whole response it sits in (one odd event must not fail a /sync); readers treat
/// an empty id as absent.
/// </summary>
public sealed class MatrixIdConverter<T> : JsonConverter<T> where T : struct, IMatrixId<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return T.Create(reader.GetString()!);
        reader.Skip();
        return T.Create("");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);

    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        T.Create(reader.GetString()!);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value.Value);
}
