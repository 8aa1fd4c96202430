using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentChat.Tests.Cli;

[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
[JsonSerializable(typeof(string))]
internal sealed partial class CliTestJsonContext : JsonSerializerContext;
