using System.CommandLine;
using System.Net.Http.Headers;
using AgentChat.Cli.Gateway;

namespace AgentChat.Cli.Commands;

/// <summary>
/// <c>cchat hook session-start|prompt|stop</c>: a Claude Code hook. Passes the hook's input JSON (stdin) to the
/// daemon's <c>/hooks/</c> endpoint and prints what it answers, which is the hook's output JSON. Without a
/// daemon, or when it fails, it prints nothing and exits 0: a hook must never get in the session's way.
/// </summary>
internal sealed class HookCommand : CchatVerb
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    private readonly Argument<string> _event = new("event") { Description = "session-start, prompt (UserPromptSubmit) or stop" };

    public HookCommand() : base("hook", "Run as a Claude Code hook (SessionStart, UserPromptSubmit, Stop): hands waiting messages to the session")
    {
        _event.AcceptOnlyFromAmong("session-start", "prompt", "stop");
        Add(_event);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var name = parse.GetValue(_event)!;
        var input = Console.IsInputRedirected ? await ReadAllAsync(Console.OpenStandardInput(), ct) : [];
        var gateway = GatewayEndpoint.Find(Settings(parse));
        if (gateway is null)
        {
            await Err(parse).WriteLineAsync("cchat hook: no daemon found; nothing handed over (start `cchat daemon` for hooks to work)");
            return ExitCodes.Ok;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway.Url, "hooks/" + name)) { Content = new ByteArrayContent(input) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (gateway.Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", gateway.Token);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(Budget);
        try
        {
            using var response = await Http.Client.SendAsync(request, budget.Token);
            var body = await response.Content.ReadAsStringAsync(budget.Token);
            if (response.StatusCode == System.Net.HttpStatusCode.OK) await Out(parse).WriteAsync(body);
            else if (!response.IsSuccessStatusCode) await Err(parse).WriteLineAsync($"cchat hook: the daemon at {gateway.Url} answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            await Err(parse).WriteLineAsync($"cchat hook: the daemon at {gateway.Url} did not answer ({e.Message})");
        }
        return ExitCodes.Ok;
    }

    private static async Task<byte[]> ReadAllAsync(Stream stdin, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await stdin.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
