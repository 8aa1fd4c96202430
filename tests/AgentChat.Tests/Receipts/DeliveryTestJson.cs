using System.Text.Json.Serialization;

namespace AgentChat.Tests.Receipts;

[JsonSerializable(typeof(Dictionary<string, Dictionary<string, string>>))]
internal sealed partial class DeliveryTestJson : JsonSerializerContext;
