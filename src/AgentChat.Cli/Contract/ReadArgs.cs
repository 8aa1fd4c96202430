using System.Globalization;
using AgentChat.Verbs;

namespace AgentChat.Cli.Contract;

/// <summary>What a read asks for; the same for the gateway, direct REST and the MCP tool.</summary>
internal sealed record ReadArgs
{
    public string? Since { get; init; }
    public int? WaitSeconds { get; init; }
    public int? Limit { get; init; }
    public string? Room { get; init; }
    public string? Kind { get; init; }
    public bool MentionsOnly { get; init; }

    /// <summary>The same checks the gateway makes on its query string.</summary>
    public ReadRequest ToRequest() => ReadRules.Parse(
        Since, Limit?.ToString(CultureInfo.InvariantCulture), WaitSeconds?.ToString(CultureInfo.InvariantCulture), Kind, MentionsOnly ? "me" : null, Room);
}
