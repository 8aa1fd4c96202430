using System.Text.Json.Serialization;

namespace AgentChat.Archive.Costs;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CostsResponse))]
internal sealed partial class CostsJsonContext : JsonSerializerContext;
