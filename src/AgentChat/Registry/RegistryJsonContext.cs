using System.Text.Json.Serialization;

namespace AgentChat.Registry;

/// <summary>The registry's own wire format: the <c>com.aiagentchat.instance</c> state content, as the gateway writes its answers.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InstanceEntry))]
public sealed partial class RegistryJsonContext : JsonSerializerContext;
