using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentChat.Matrix;

/// <summary>
/// A client event as the homeserver sends it. The content stays raw JSON and is parsed on demand by
/// whoever understands its type.
/// </summary>
public sealed record MatrixEvent
{
    public required string Type { get; init; }
    public EventId? EventId { get; init; }
    public UserId? Sender { get; init; }
    public RoomId? RoomId { get; init; }
    public long OriginServerTs { get; init; }
    public string? StateKey { get; init; }
    public JsonElement Content { get; init; }
    [JsonPropertyName("unsigned")]
    public JsonElement? UnsignedData { get; init; }

    /// <summary>The string at <paramref name="property"/> of the content, or null.</summary>
    public string? ContentString(string property) =>
        Content.ValueKind == JsonValueKind.Object && Content.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
