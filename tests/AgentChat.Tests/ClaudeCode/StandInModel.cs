using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentChat.Tests.ClaudeCode;

/// <summary>
/// A scripted stand-in for the Anthropic Messages API, on real Kestrel at 127.0.0.1 port 0: Claude Code talks to it
/// through <c>ANTHROPIC_BASE_URL</c>. It records every request, answers each main-conversation request (one that offers
/// tools) with the next turn of the test's script (then "Done."), and side requests (titles, quota checks) with a short
/// text. <c>POST /v1/messages</c> answers as a Server-Sent Events stream when asked (<c>"stream": true</c>), else as one
/// JSON message; <c>POST /v1/messages/count_tokens</c> answers a count. Anything else is recorded and answered 404.
/// </summary>
internal sealed partial class StandInModel : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private readonly WebApplication _app;
    private readonly List<ModelRequest> _requests = [];
    private readonly Queue<Func<ModelRequest, Task<ModelTurn>>> _script = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<string> _failures = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StandInModel(WebApplication app) => _app = app;

    public Uri Url => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public IReadOnlyList<ModelRequest> Requests { get { lock (_requests) return [.. _requests]; } }

    public IReadOnlyList<ModelRequest> MainRequests => [.. Requests.Where(r => r.Main)];

    public static async Task<StandInModel> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var model = new StandInModel(app);
        app.Run(model.ServeAsync);
        await app.StartAsync().WaitAsync(Timeout);
        return model;
    }

    /// <summary>Appends turns to the script: each answers the next main-conversation request.</summary>
    public void Script(params ModelTurn[] turns)
    {
        lock (_requests) foreach (var t in turns) _script.Enqueue(_ => Task.FromResult(t));
    }

    /// <summary>Appends a turn made from the request it answers (to use what a tool returned, or act while "the model works").</summary>
    public void Script(Func<ModelRequest, Task<ModelTurn>> turn)
    {
        lock (_requests) _script.Enqueue(turn);
    }

    /// <summary>Waits for a recorded request matching <paramref name="match"/> (already made, or the next ones).</summary>
    public async Task<ModelRequest> WaitForAsync(Func<ModelRequest, bool> match, string what, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Timeout);
        while (true)
        {
            Task changed;
            lock (_requests)
            {
                if (_requests.FirstOrDefault(match) is { } found) return found;
                changed = _changed.Task;
            }
            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the stand-in model saw no request where {what} within {timeout ?? Timeout}; it saw:\n{Describe()}");
            }
        }
    }

    /// <summary>Script turns that threw (a test asserts there are none).</summary>
    public IReadOnlyList<string> Failures { get { lock (_requests) return [.. _failures]; } }

    /// <summary>Every request seen, one line each, and any script failure, for a failing test's message.</summary>
    public string Describe() => string.Join('\n', Requests.Select(r => r.ToString()).Concat(Failures));

    private async Task ServeAsync(HttpContext context)
    {
        var raw = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync(context.RequestAborted);
        JsonNode? body;
        try
        {
            body = raw.Length == 0 ? null : JsonNode.Parse(raw);
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }
        ModelRequest request;
        Func<ModelRequest, Task<ModelTurn>>? scripted = null;
        lock (_requests)
        {
            request = new ModelRequest(_requests.Count, context.Request.Path + context.Request.QueryString, raw, body);
            if (request.Main) _script.TryDequeue(out scripted);
            _requests.Add(request);
            _changed.TrySetResult();
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        if (context.Request.Method != HttpMethods.Post || !request.Path.StartsWith("/v1/messages", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (request.Path.StartsWith("/v1/messages/count_tokens", StringComparison.Ordinal))
        {
            await WriteJsonAsync(context, 200, w => w.WriteNumber("input_tokens", Math.Max(1, raw.Length / 4)));
            return;
        }
        ModelTurn turn;
        try
        {
            turn = !request.Main ? ModelTurn.Say("Stand-in side answer")
                : scripted is null ? ModelTurn.Say("Done.")
                : await scripted(request).WaitAsync(Timeout, context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            lock (_requests) _failures.Add($"the script's turn for request #{request.Index} failed: {e}");
            turn = ModelTurn.Say("The stand-in's script failed.");
        }
        await AnswerAsync(context, request, turn);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5))) await _app.StopAsync(stop.Token).WaitAsync(TimeSpan.FromSeconds(15));
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
