using System.Text.Json.Serialization;

namespace AgentChat.Cli.Direct;

/// <summary>The direct-mode presence file's format.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DirectPresence.Saved))]
internal sealed partial class DirectPresenceJsonContext : JsonSerializerContext;
