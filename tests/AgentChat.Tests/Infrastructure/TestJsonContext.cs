using System.Text.Json.Serialization;

namespace AgentChat.Tests;

[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, object>))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
