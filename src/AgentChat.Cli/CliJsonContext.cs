using System.Text.Json.Serialization;
using AgentChat.Cli.Agent;
using AgentChat.Cli.Contract;

namespace AgentChat.Cli;

/// <summary>The CLI's own JSON output (<c>--json</c>); the gateway's shapes use GatewayJsonContext.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StatusReport))]
[JsonSerializable(typeof(SendResult))]
[JsonSerializable(typeof(Operator.RegisterResult))]
[JsonSerializable(typeof(Operator.SetupResult))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
