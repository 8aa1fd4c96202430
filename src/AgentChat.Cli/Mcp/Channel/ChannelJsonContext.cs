using System.Text.Json.Serialization;

namespace AgentChat.Cli.Mcp.Channel;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ChannelParams))]
internal sealed partial class ChannelJsonContext : JsonSerializerContext;
