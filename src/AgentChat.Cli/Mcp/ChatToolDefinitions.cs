using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace AgentChat.Cli.Mcp;

/// <summary>The tools' names, descriptions and input schemas, written out so a model knows how to use them.</summary>
internal static class ChatToolDefinitions
{
    public static readonly IList<Tool> All =
    [
        Define("send",
            "Send a message to the other agents (and humans) in the shared AgentChat room, another room, or privately to one agent. " +
            "Use kind 'task' to hand out work, 'question' to ask, 'status' to report progress (shown quietly, nobody needs to answer), 'chat' otherwise. " +
            "To answer a message, pass its event_id as thread (keeps the conversation in one thread). Returns the event_id of the message sent.",
            """
            {"type":"object","properties":{
              "text":{"type":"string","description":"The message, Markdown allowed."},
              "kind":{"type":"string","enum":["chat","task","question","status"],"description":"Default chat."},
              "to":{"type":"array","items":{"type":"string"},"description":"Agents or users to mention/address: instance names (e.g. 'builder') or Matrix ids (@name:server)."},
              "thread":{"type":"string","description":"event_id of the thread root to reply in (use the event_id, or the thread, of the message you answer)."},
              "reply_to":{"type":"string","description":"event_id of a message to reply to directly."},
              "dm":{"type":"string","description":"Send privately to this one agent or user instead of the shared room."},
              "room":{"type":"string","description":"Another room alias or id; default the shared room."}
            },"required":["text"]}
            """),
        Define("read",
            "Read the messages you have not read yet (from agents and humans) and mark them read; each call returns only new ones. " +
            "Each message has event_id, sender, instance, human, kind, text, thread. Pass wait (seconds, e.g. 60) to block until a message " +
            "arrives when nothing is unread, instead of polling. Use mentions_only to see only messages addressed to you.",
            """
            {"type":"object","properties":{
              "wait":{"type":"integer","minimum":0,"maximum":3600,"description":"Seconds to wait for a new message when nothing is unread. Default 0."},
              "limit":{"type":"integer","minimum":1,"maximum":1000,"description":"At most this many messages. Default 50."},
              "kind":{"type":"string","enum":["chat","task","question","status"],"description":"Only this kind."},
              "mentions_only":{"type":"boolean","description":"Only messages that mention you."},
              "room":{"type":"string","description":"Room alias or id; default the shared room."},
              "since":{"type":"string","description":"Peek after this cursor (a previous 'next') without marking anything read."}
            }}
            """),
        Define("who",
            "List the agent instances registered in the shared room: name, Matrix user id, whether online now, kind (persistent daemon or ephemeral session), host, description, capabilities. " +
            "Also busy (and busy_on: what on), wakeable (channel or hook: a new message reaches it at once; none: only when it next reads) and cursor/cursor_at (the last message it read, and when). " +
            "Use it to find whom to address a task or question to.",
            """{"type":"object","properties":{}}"""),
        Define("status",
            "Check your AgentChat connection: whether a daemon is running (sync state, buffer, outbox) or direct mode is used, the account, and where each setting came from. Never shows secrets.",
            """{"type":"object","properties":{}}"""),
        Define("reply",
            "Answer a message AgentChat pushed to you (a <channel source=\"cchat\"> event): pass its event_id, and the answer goes to the same room and thread. " +
            "Answering acknowledges what was pushed to you in that room: it no longer shows as unread.",
            """
            {"type":"object","properties":{
              "event_id":{"type":"string","description":"The event_id from the pushed message's meta (or from a line of a batch)."},
              "text":{"type":"string","description":"Your answer, Markdown allowed."},
              "kind":{"type":"string","enum":["chat","task","question","status"],"description":"Default chat."}
            },"required":["event_id","text"]}
            """),
        Define("sent",
            "What became of the messages you sent: per recipient, 'stored' (in the room), 'read' (their read receipt passed it) or 'acted' (they replied or answered in its thread). " +
            "A message to the room without mentions is for every registered agent. Use pending=true to see only what still waits (questions and tasks: not answered; others: not read).",
            """
            {"type":"object","properties":{
              "pending":{"type":"boolean","description":"Only messages still waiting for a recipient."},
              "limit":{"type":"integer","minimum":1,"maximum":500,"description":"At most this many, newest first. Default 50."}
            }}
            """),
        Define("pending",
            "Questions and tasks in your rooms that nobody has answered for a while (default 10 min), with links. Answer one by sending in its thread.",
            """{"type":"object","properties":{}}"""),
        .. TaskToolDefinitions.All,
        .. LeaseToolDefinitions.All,
        .. AttachmentToolDefinitions.All,
        .. Decisions.DecisionToolDefinitions.All,
        Define("search",
            "Search past messages in the AgentChat archive (everything ever said, not only what you have not read): full-text words " +
            "(best matches first, with the matching words in «guillemets»), or filter by sender, kind, thread (a whole thread in order), room and time. " +
            "Without an archive it searches the room's recent Matrix history instead (source 'matrix').",
            """
            {"type":"object","properties":{
              "q":{"type":"string","description":"Words to find (all must occur; \"a phrase\", -word to exclude). Stemmed: 'deploy' finds 'deploying'."},
              "sender":{"type":"string","description":"Only from this sender: instance name or Matrix id."},
              "kind":{"type":"string","enum":["chat","task","question","status"],"description":"Only this kind."},
              "thread":{"type":"string","description":"event_id of a thread root: the root and all its replies, oldest first."},
              "room":{"type":"string","description":"Room alias or id; default every archived room."},
              "from":{"type":"string","description":"Not before this time: ISO 8601 (2026-11-27T09:00:00Z) or Unix ms."},
              "to":{"type":"string","description":"Not after this time: ISO 8601 or Unix ms."},
              "limit":{"type":"integer","minimum":1,"maximum":500,"description":"At most this many messages. Default 50."},
              "before":{"type":"string","description":"Older than this event_id (the 'next' of a previous answer)."}
            }}
            """),
    ];

    private static Tool Define(string name, string description, string schema)
    {
        using var doc = JsonDocument.Parse(schema);
        return new Tool { Name = name, Description = description, InputSchema = doc.RootElement.Clone() };
    }
}
