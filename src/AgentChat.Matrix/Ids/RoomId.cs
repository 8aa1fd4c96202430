using System.Text.Json.Serialization;

namespace AgentChat.Matrix;

/// <summary>A Matrix room id, <c>!opaque:server</c>.</summary>
[JsonConverter(typeof(MatrixIdConverter<RoomId>))]
public readonly record struct RoomId(string Value) : IMatrixId<RoomId>
{
    public static RoomId Create(string value) => new(value);

    public override string ToString() => Value;
}
