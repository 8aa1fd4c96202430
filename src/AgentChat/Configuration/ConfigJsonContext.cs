using System.Text.Json.Serialization;

namespace AgentChat.Configuration;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(ConfigFile))]
[JsonSerializable(typeof(DiscoveryFile))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;
