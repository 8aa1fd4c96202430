using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AgentChat.Cli.Agent;
using AgentChat.Cli.Gateway;
using AgentChat.Configuration;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Verbs;

namespace AgentChat.Cli.Commands;

/// <summary>
/// One verb of cchat, and the plumbing every verb shares, as Aspire's <c>BaseCommand</c>: the settings and the
/// agent for this invocation, and the result written as JSON (<c>--json</c>) or text. Subclasses implement
/// <see cref="ExecuteAsync"/> with only their own logic; expected failures become exit codes here, with the
/// reason on stderr and never a secret in it.
/// </summary>
internal abstract class CchatVerb : Command
{
    private Option<bool>? _json;

    protected CchatVerb(string name, string description) : base(name, description)
    {
        SetAction(InvokeAsync);
    }

    protected abstract Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken ct);

    /// <summary><c>--json</c>, for a verb that prints a result; the verb adds it where its help should list it.</summary>
    protected Option<bool> Json => _json ??= new("--json") { Description = "Print JSON for machines instead of text" };

    protected static TextWriter Out(ParseResult parse) => parse.InvocationConfiguration.Output;

    protected static TextWriter Err(ParseResult parse) => parse.InvocationConfiguration.Error;

    /// <summary>This invocation's settings: flags &gt; environment &gt; config file; <paramref name="extra"/> are the verb's own flags.</summary>
    protected static AgentChatSettings Settings(ParseResult parse, params (string Key, string? Value)[] extra) =>
        GlobalOptions.LoadSettings(parse, extra);

    /// <summary>The agent for this invocation: the daemon's gateway when one answers, else direct REST.</summary>
    protected static AgentService Agent(ParseResult parse) => new(Settings(parse), Http.Client, TimeProvider.System);

    /// <summary>
    /// Prints <paramref name="result"/> on stdout, as JSON with <c>--json</c>, else as <paramref name="text"/> says;
    /// then each of <paramref name="warnings"/> on stderr. Returns <see cref="ExitCodes.Ok"/>.
    /// </summary>
    protected async Task<int> WriteAsync<T>(ParseResult parse, T result, JsonTypeInfo<T> json, Func<T, string> text, IReadOnlyList<string>? warnings = null)
    {
        await Out(parse).WriteLineAsync(parse.GetValue(Json) ? JsonSerializer.Serialize(result, json) : text(result));
        foreach (var warning in warnings ?? []) await Err(parse).WriteLineAsync($"cchat {PathOf(parse)}: warning: {warning}");
        return ExitCodes.Ok;
    }

    private async Task<int> InvokeAsync(ParseResult parse, CancellationToken ct)
    {
        try
        {
            return await ExecuteAsync(parse, ct);
        }
        catch (Exception e) when (ExitCodeFor(e, ct) is { } code)
        {
            await Err(parse).WriteLineAsync($"cchat {PathOf(parse)}: {e.Message}");
            return code;
        }
    }

    /// <summary>The verb as typed, below the root: <c>send</c>, <c>task new</c>.</summary>
    private static string PathOf(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent) names.Insert(0, r.Command.Name);
        return string.Join(' ', names);
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
