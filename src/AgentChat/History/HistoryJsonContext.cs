using System.Text.Json.Serialization;
using AgentChat.Gateway;

namespace AgentChat.History;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HistoryResponse))]
[JsonSerializable(typeof(ErrorBody))]
public sealed partial class HistoryJsonContext : JsonSerializerContext;
