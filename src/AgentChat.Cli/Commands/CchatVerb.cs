using System.CommandLine;
using AgentChat.Cli.Agent;
using AgentChat.Configuration;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Verbs;

namespace AgentChat.Cli.Commands;

/// <summary>
/// One verb of cchat. Subclasses implement <see cref="ExecuteAsync"/>; expected failures become exit codes
/// here, with the reason on stderr and never a secret in it.
/// </summary>
internal abstract class CchatVerb : Command
{
    protected CchatVerb(string name, string description) : base(name, description)
    {
        SetAction(InvokeAsync);
    }

    protected abstract Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken ct);

    protected static TextWriter Out(ParseResult parse) => parse.InvocationConfiguration.Output;

    protected static TextWriter Err(ParseResult parse) => parse.InvocationConfiguration.Error;

    private async Task<int> InvokeAsync(ParseResult parse, CancellationToken ct)
    {
        try
        {
            return await ExecuteAsync(parse, ct);
        }
        catch (Exception e) when (ExitCodeFor(e, ct) is { } code)
        {
            await Err(parse).WriteLineAsync($"cchat {Name}: {e.Message}");
            return code;
        }
    }

    internal static int? ExitCodeFor(Exception e, CancellationToken ct) => e switch
    {
        UsageException or SettingsException or MessageTooLargeException => ExitCodes.Usage,
        VerbException v => VerbException.IsUsageStatus(v.Status) ? ExitCodes.Usage : ExitCodes.Failure,
        GatewayException g => VerbException.IsUsageStatus(g.Status) ? ExitCodes.Usage : ExitCodes.Failure,
        MatrixException => ExitCodes.Failure,
        OperationCanceledException when ct.IsCancellationRequested => ExitCodes.Cancelled,
        _ => null,
    };
}
