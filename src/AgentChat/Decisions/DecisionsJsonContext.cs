using System.Text.Json.Serialization;

namespace AgentChat.Decisions;

/// <summary>The decisions' wire format, on the gateway and in <c>--json</c>; same conventions as the gateway's.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DecisionView))]
[JsonSerializable(typeof(DecisionWaitResponse))]
[JsonSerializable(typeof(DecisionAskRequest))]
[JsonSerializable(typeof(DecisionAskResponse))]
[JsonSerializable(typeof(DecisionBlockRequest))]
public sealed partial class DecisionsJsonContext : JsonSerializerContext;
