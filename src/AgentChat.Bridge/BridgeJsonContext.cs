using System.Text.Json.Serialization;

namespace AgentChat.Bridge;

/// <summary>The bridge's own files (config section, session map, start marker) and the MCP config it hands Claude Code.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Options.BridgeConfigFile))]
[JsonSerializable(typeof(Sessions.SessionFile))]
[JsonSerializable(typeof(Claude.McpConfig))]
[JsonSerializable(typeof(Hosting.BridgeState))]
[JsonSerializable(typeof(Work.AnswerMeta))]
internal sealed partial class BridgeJsonContext : JsonSerializerContext;
