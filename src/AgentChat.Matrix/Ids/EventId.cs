using System.Text.Json.Serialization;

namespace AgentChat.Matrix;

/// <summary>A Matrix event id, <c>$opaque</c>.</summary>
[JsonConverter(typeof(MatrixIdConverter<EventId>))]
public readonly record struct EventId(string Value) : IMatrixId<EventId>
{
    public static EventId Create(string value) => new(value);

    public override string ToString() => Value;
}
