using System.Text.Json;
using AgentChat.Attachments;
using AgentChat.Cli.Agent;
using AgentChat.Cli.Attachments;
using static AgentChat.Cli.Mcp.ToolArgs;

namespace AgentChat.Cli.Mcp;

/// <summary>Runs <c>send_file</c> and <c>fetch_file</c> on the same <see cref="AgentService"/> as <c>cchat send --file</c> and <c>cchat fetch</c>.</summary>
internal sealed class AttachmentTools(AgentService agent)
{
    /// <summary>What <c>fetch_file</c> returns inline, in base64, to a model's context.</summary>
    private const long MaxInline = 8L * 1024 * 1024;

    public static bool Handles(string? name) => name is "send_file" or "fetch_file";

    public async Task<string> CallAsync(string name, IDictionary<string, JsonElement> a, CancellationToken ct)
    {
        var json = AttachmentsJsonContext.Default;
        if (name == "fetch_file")
        {
            var eventId = Required(a, "event_id", "fetch_file needs event_id: the message carrying the file");
            return Text(a, "path") is { } path
                ? JsonSerializer.Serialize(await agent.FetchAsync(eventId, Text(a, "room"), path, ct), json.FetchResult)
                : JsonSerializer.Serialize(await agent.FetchContentAsync(eventId, Text(a, "room"), MaxInline, ct), json.FetchedContent);
        }
        return JsonSerializer.Serialize(await agent.AttachAsync(ToAttach(a), ct), json.SentFile);
    }

    private static AttachRequest ToAttach(IDictionary<string, JsonElement> a)
    {
        var path = Text(a, "path");
        var content = Text(a, "content_base64");
        if ((path is null) == (content is null)) throw new UsageException("send_file needs path (a file on this machine) or content_base64 with filename, one of them");
        byte[]? bytes = null;
        if (content is not null)
        {
            bytes = new byte[content.Length * 3 / 4 + 3];
            if (!Convert.TryFromBase64String(content, bytes, out var written)) throw new UsageException("content_base64 is not valid base64");
            bytes = bytes[..written];
        }
        return new AttachRequest
        {
            Path = path is null ? null : System.IO.Path.GetFullPath(path),
            ContentBase64 = bytes,
            Filename = Text(a, "filename") ?? (content is not null ? throw new UsageException("send_file with content_base64 needs filename") : null),
            Mimetype = Text(a, "mimetype"),
            Text = Text(a, "text"),
            Kind = Text(a, "kind"),
            To = List(a, "to"),
            Thread = Text(a, "thread"),
            ReplyTo = Text(a, "reply_to"),
            Dm = Text(a, "dm"),
            Room = Text(a, "room"),
            TxnId = Text(a, "txn_id"),
        };
    }
}
