using System.CommandLine;
using AgentChat.Cli.Agent;
using AgentChat.Cli.Output;

namespace AgentChat.Cli.Commands;

/// <summary><c>cchat status</c>: the daemon's state when one runs, and where every setting came from.</summary>
internal sealed class StatusCommand : CchatVerb
{
    private readonly Option<bool> _daemon = new("--daemon")
    {
        Description = "Exit 0 only when this instance's daemon runs (discovery file, gateway answers) and syncs; 2 with the reason on stderr otherwise",
    };

    public StatusCommand() : base("status", "Show the daemon's state, the account, and where each setting came from (never a secret); exits 0 when healthy, 2 when not")
    {
        Add(Json);
        Add(_daemon);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var report = await StatusService.BuildAsync(Agent(parse), parse.GetValue(_daemon), ct);
        await WriteAsync(parse, report, CliJsonContext.Default.StatusReport, TextFormat.Status);
        if (report.Problem is { } problem) await Err(parse).WriteLineAsync($"cchat status: {problem}");
        // Health checks (container HEALTHCHECK, scripts) read the exit code: 0 healthy, 2 not.
        return report.Healthy ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
