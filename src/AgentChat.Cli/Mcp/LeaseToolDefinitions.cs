using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace AgentChat.Cli.Mcp;

/// <summary>The lease tools: the same verbs as <c>cchat lease take|release|list|check</c>.</summary>
internal static class LeaseToolDefinitions
{
    public static readonly IList<Tool> All =
    [
        Define("lease_take",
            "Take a lease (an advisory lock other agents see) on paths or globs relative to the repository root, before editing them. " +
            "Exclusive by default; shared leases coexist with other shared ones. It ends when released, at its ttl, or when you go offline. " +
            "Refused with lease_conflict (naming the holder and until when) when another live agent holds a clashing one. Taking the same patterns again renews it.",
            """
            {"type":"object","properties":{
              "patterns":{"type":"array","items":{"type":"string"},"description":"Paths or globs: src/**, docs/*.md, a/b.cs (* and ? within a segment, ** across)."},
              "ttl":{"type":"string","description":"How long: 90s, 30m, 2h (default 30m, at most 24h)."},
              "shared":{"type":"boolean","description":"A shared lease (for reading; others may share it)."},
              "reason":{"type":"string","description":"What for, in a few words; humans see it."}
            },"required":["patterns"]}
            """),
        Define("lease_release",
            "Release your leases that hold the given patterns (as taken) or ids, or all of them. Do it as soon as you are done.",
            """
            {"type":"object","properties":{
              "patterns":{"type":"array","items":{"type":"string"},"description":"Patterns as taken, or lease ids."},
              "all":{"type":"boolean","description":"Release every lease you hold."}
            }}
            """),
        Define("lease_list",
            "List the live leases in the shared room: paths, mode, holder, until when, why.",
            """{"type":"object","properties":{}}"""),
        Define("lease_check",
            "Check paths before touching them: who holds each; blocked is true when another live agent holds one exclusively.",
            """{"type":"object","properties":{"paths":{"type":"array","items":{"type":"string"},"description":"Paths relative to the repository root."}},"required":["paths"]}"""),
    ];

    private static Tool Define(string name, string description, string schema)
    {
        using var doc = JsonDocument.Parse(schema);
        return new Tool { Name = name, Description = description, InputSchema = doc.RootElement.Clone() };
    }
}
