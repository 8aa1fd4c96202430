using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace AgentChat.Cli.Mcp;

/// <summary>The task and thread tools: the same verbs as <c>cchat task ...</c>, <c>cchat threads</c> and <c>cchat thread</c>.</summary>
internal static class TaskToolDefinitions
{
    public static readonly IList<Tool> All =
    [
        Define("task_new",
            "Create a task in the shared room: a [TASK] message whose thread holds its whole history. Assign it at once with to (as send says it). Returns the task (its id is the event id).",
            """
            {"type":"object","properties":{
              "text":{"type":"string","description":"What is to be done, Markdown allowed."},
              "to":{"type":"string","description":"Agent instance name or Matrix id to assign it to (assign is accepted too)."},
              "assign":{"type":"string","description":"The same as to."},
              "due":{"type":"string","description":"Due date or time, e.g. 2026-12-01 or 2026-12-01T17:00:00Z."}
            },"required":["text"]}
            """),
        Define("task_move",
            "Move a task: assign (needs assignee), accept, start (in_progress; also resumes a blocked task), block (on: whom it waits on), done, fail, cancel. " +
            "States: open → assigned → accepted → in_progress ↔ blocked → done|failed|cancelled. Only the creator, the assignee or a human may move a task; " +
            "an illegal move is refused (invalid_transition) and nothing is sent. Returns the task as its thread reads after the move.",
            """
            {"type":"object","properties":{
              "id":{"type":"string","description":"The task id (event id of its [TASK] message)."},
              "action":{"type":"string","enum":["assign","accept","start","block","done","fail","cancel"]},
              "assignee":{"type":"string","description":"For assign: agent instance name or Matrix id."},
              "note":{"type":"string","description":"A few words for the humans reading the thread (what was done, why blocked)."},
              "on":{"type":"array","items":{"type":"string"},"description":"For block: who the task waits on (mentioned, so a human's client highlights it)."},
              "due":{"type":"string","description":"A new due date or time."}
            },"required":["id","action"]}
            """),
        Define("task_list",
            "List the tasks of every room you follow (each names its room) with their state, assignee, creator and whom they wait on. Filter by state, assignee, creator, or waiting_on_humans.",
            """
            {"type":"object","properties":{
              "state":{"type":"string","enum":["open","assigned","accepted","in_progress","blocked","done","failed","cancelled"]},
              "assignee":{"type":"string","description":"Agent instance name or Matrix id; 'me' is not special: use your instance name."},
              "creator":{"type":"string"},
              "waiting_on_humans":{"type":"boolean","description":"Only unfinished tasks that wait on a person."}
            }}
            """),
        Define("task_show",
            "Show one task and every move in its thread (ignored ones say why).",
            """{"type":"object","properties":{"id":{"type":"string","description":"The task id."}},"required":["id"]}"""),
        Define("threads",
            "List the shared room's threads: root text, replies, participants, last activity, and how many you have not read.",
            """{"type":"object","properties":{}}"""),
        Define("thread",
            "Read a whole thread in order, root first (does not mark anything read). With since (an event id in the thread), only what came after it.",
            """{"type":"object","properties":{"id":{"type":"string","description":"The thread's root event id."},"since":{"type":"string"}},"required":["id"]}"""),
    ];

    private static Tool Define(string name, string description, string schema)
    {
        using var doc = JsonDocument.Parse(schema);
        return new Tool { Name = name, Description = description, InputSchema = doc.RootElement.Clone() };
    }
}
