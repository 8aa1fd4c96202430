using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace AgentChat.Cli.Decisions;

/// <summary>The decision tools: the same verbs as <c>cchat ask</c> and <c>cchat decision wait|show</c>.</summary>
internal static class DecisionToolDefinitions
{
    public static readonly IList<Tool> All =
    [
        Define("decision_ask",
            "Ask humans a decision: posts a poll in the room (Element shows it; a reaction with the choice's number answers too) that mentions whom you ask. " +
            "Returns decision_id; then call decision_wait. With task, the task is blocked on the decision and your daemon resumes it (in_progress, with the answer as a note) when it is answered.",
            """
            {"type":"object","properties":{
              "question":{"type":"string","description":"What to decide, e.g. 'Deploy to prod?'"},
              "choices":{"type":"array","items":{"type":"string"},"description":"2 to 10 answers, e.g. ['yes','no','later']."},
              "to":{"type":"array","items":{"type":"string"},"description":"Whom to ask (mentioned): Matrix ids (@alice:server) or names."},
              "from":{"type":"array","items":{"type":"string"},"description":"Only these may answer; default any human."},
              "timeout":{"type":"string","description":"How long it stays open: 90s, 30m, 2h, 1d; later answers do not count."},
              "task":{"type":"string","description":"A task id to block on this decision."},
              "room":{"type":"string"}
            },"required":["question","choices"]}
            """),
        Define("decision_wait",
            "Wait for the first answer to a decision from an allowed responder (answers from agents or others are ignored and counted). " +
            "Returns {decision, timed_out}: decision.answer.choice is the answer; timed_out true means no answer yet (call again to keep waiting).",
            """
            {"type":"object","properties":{
              "id":{"type":"string","description":"The decision_id decision_ask returned."},
              "timeout_seconds":{"type":"integer","description":"How long to wait in this call (default 120, at most 600)."},
              "room":{"type":"string"}
            },"required":["id"]}
            """),
        Define("decision_show",
            "Show a decision: question, choices with votes, answers so far and who gave them, how many responses were ignored and why.",
            """{"type":"object","properties":{"id":{"type":"string"},"room":{"type":"string"}},"required":["id"]}"""),
    ];

    private static Tool Define(string name, string description, string schema)
    {
        using var doc = JsonDocument.Parse(schema);
        return new Tool { Name = name, Description = description, InputSchema = doc.RootElement.Clone() };
    }
}
