using System.Text.Json.Serialization;
using AgentChat.Messages;
using AgentChat.Registry;

namespace AgentChat.Gateway;

/// <summary>
/// The gateway's wire format (the registry's state content has its own, RegistryJsonContext). What the CLI reads (answers) skips fields it
/// does not know, so an older CLI reads a newer daemon; requests to the gateway (<see cref="SendRequest"/>)
/// refuse unknown fields on their own type, so a misspelt field is a 400, not a silently ignored option.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SendRequest))]
[JsonSerializable(typeof(SendResponse))]
[JsonSerializable(typeof(QueuedResponse))]
[JsonSerializable(typeof(ReadResponse))]
[JsonSerializable(typeof(ChatMessage))]
[JsonSerializable(typeof(WhoResponse))]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(PresenceRequest))]
[JsonSerializable(typeof(PresenceResponse))]
[JsonSerializable(typeof(ReactRequest))]
[JsonSerializable(typeof(ReactionsResponse))]
[JsonSerializable(typeof(Receipts.SentResponse))]
[JsonSerializable(typeof(Unanswered.PendingResponse))]
[JsonSerializable(typeof(Attachments.AttachRequest))]
[JsonSerializable(typeof(Attachments.AttachResponse))]
public sealed partial class GatewayJsonContext : JsonSerializerContext;
