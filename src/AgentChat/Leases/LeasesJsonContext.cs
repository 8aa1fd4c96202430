using System.Text.Json.Serialization;

namespace AgentChat.Leases;

/// <summary>The lease wire formats: the room state content, and the gateway's requests and answers.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LeaseStateContent))]
[JsonSerializable(typeof(LeaseTakeRequest))]
[JsonSerializable(typeof(LeaseReleaseRequest))]
[JsonSerializable(typeof(LeaseTakeResponse))]
[JsonSerializable(typeof(LeaseReleaseResponse))]
[JsonSerializable(typeof(LeaseListResponse))]
[JsonSerializable(typeof(LeaseCheckResponse))]
[JsonSerializable(typeof(LeaseConflictBody))]
public sealed partial class LeasesJsonContext : JsonSerializerContext;
