using System.Text.Json.Serialization;

namespace AgentChat.Matrix;

/// <summary>A room alias, <c>#name:server</c>.</summary>
[JsonConverter(typeof(MatrixIdConverter<RoomAlias>))]
public readonly record struct RoomAlias(string Value) : IMatrixId<RoomAlias>
{
    public static RoomAlias Create(string value) => new(value);

    public static RoomAlias For(string localpart, string serverName) => new($"#{localpart}:{serverName}");

    public string Localpart => Value[1..Value.IndexOf(':', StringComparison.Ordinal)];

    public override string ToString() => Value;
}
