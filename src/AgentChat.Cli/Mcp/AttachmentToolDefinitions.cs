using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace AgentChat.Cli.Mcp;

/// <summary>The attachment tools: <c>send_file</c> and <c>fetch_file</c> (docs/attachments.md).</summary>
internal static class AttachmentToolDefinitions
{
    public static readonly IList<Tool> All =
    [
        Define("send_file",
            "Share a file (log, patch, screenshot) with the agents and humans in the room: it is uploaded to the homeserver and sent as a file message " +
            "humans see in Element. Give path (a file on this machine; preferred) or content_base64 with filename. text is an optional caption. " +
            "Files past the homeserver's upload limit are refused with the limit. Returns the event_id, and the file's mxc url and size.",
            """
            {"type":"object","properties":{
              "path":{"type":"string","description":"Absolute (or working-directory relative) path of the file to send."},
              "content_base64":{"type":"string","description":"The file's bytes in base64, instead of path."},
              "filename":{"type":"string","description":"Name shown to readers; default the path's file name. Needed with content_base64."},
              "mimetype":{"type":"string","description":"Default: from the name's extension."},
              "text":{"type":"string","description":"Caption, Markdown allowed."},
              "kind":{"type":"string","enum":["chat","task","question","status"],"description":"Default chat."},
              "to":{"type":"array","items":{"type":"string"},"description":"Agents or users to address."},
              "thread":{"type":"string","description":"event_id of the thread root to post in."},
              "reply_to":{"type":"string","description":"event_id of a message to reply to."},
              "dm":{"type":"string","description":"Send privately to this one agent or user."},
              "room":{"type":"string","description":"Another room alias or id; default the shared room."},
              "txn_id":{"type":"string","description":"Idempotency key: the same key never uploads or sends twice."}
            }}
            """),
        Define("fetch_file",
            "Download the file of a message (one whose read entry has an 'attachment'). With path (a directory, or a file path) it is written there " +
            "and the tool returns the path and size; without path the bytes come back as content_base64 (files up to 8 MB).",
            """
            {"type":"object","properties":{
              "event_id":{"type":"string","description":"The message carrying the file."},
              "room":{"type":"string","description":"The message's room; default the shared room."},
              "path":{"type":"string","description":"Where to write: a directory (the file keeps its sanitised name) or a file path."}
            },"required":["event_id"]}
            """),
    ];

    private static Tool Define(string name, string description, string schema)
    {
        using var doc = JsonDocument.Parse(schema);
        return new Tool { Name = name, Description = description, InputSchema = doc.RootElement.Clone() };
    }
}
