using System.Text.Json.Serialization;
using AgentChat.Messages;
using AgentChat.Registry;

namespace AgentChat.Gateway;

/// <summary>The gateway's wire format, and the registry's state content.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(SendRequest))]
[JsonSerializable(typeof(SendResponse))]
[JsonSerializable(typeof(QueuedResponse))]
[JsonSerializable(typeof(ReadResponse))]
[JsonSerializable(typeof(ChatMessage))]
[JsonSerializable(typeof(WhoResponse))]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(InstanceEntry))]
public sealed partial class GatewayJsonContext : JsonSerializerContext;
