using System.Text.Json.Serialization;

namespace AgentChat.Daemon.Outbox;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(OutboxEntry))]
internal sealed partial class OutboxJsonContext : JsonSerializerContext;
