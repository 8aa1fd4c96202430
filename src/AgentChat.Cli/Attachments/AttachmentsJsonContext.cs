using System.Text.Json.Serialization;

namespace AgentChat.Cli.Attachments;

/// <summary>The CLI's own JSON for attachments (<c>send --file --json</c>, <c>fetch --json</c>, the MCP tools).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SentFile))]
[JsonSerializable(typeof(SentFiles))]
[JsonSerializable(typeof(FetchResult))]
[JsonSerializable(typeof(FetchedContent))]
internal sealed partial class AttachmentsJsonContext : JsonSerializerContext;
