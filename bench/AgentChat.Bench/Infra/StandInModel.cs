using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentChat.Bench.Infra;

/// <summary>
/// The model Claude Code talks to in the bench: a minimal copy of the tests' scripted stand-in
/// (<c>tests/AgentChat.Tests/ClaudeCode/StandInModel*.cs</c>; the bench cannot reference the test project). Real
/// Kestrel on 127.0.0.1 port 0, reached through <c>ANTHROPIC_BASE_URL</c>. It serves <c>POST /v1/messages</c> (an SSE
/// stream when <c>"stream": true</c>, else one JSON message) with text only, and <c>count_tokens</c>. Every request is
/// recorded with the moment its body had arrived (on <see cref="Clock"/>). A main-conversation request (one that
/// offers tools) is answered by <see cref="OnMain"/> (default "Done."), side requests with a short text.
/// </summary>
internal sealed class StandInModel : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<ModelCall> _calls = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private TimeSpan _lastDone;

    private StandInModel(WebApplication app) => _app = app;

    public Uri Url => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>What a main request is answered with; may wait (the model "works"). Default: "Done." at once.</summary>
    public Func<ModelCall, Task<string>>? OnMain { get; set; }

    public IReadOnlyList<ModelCall> Calls { get { lock (_lock) return [.. _calls]; } }

    public static async Task<StandInModel> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var model = new StandInModel(app);
        app.Run(model.ServeAsync);
        await app.StartAsync(ct);
        return model;
    }

    /// <summary>The first main request whose last user message (the turn's new input) holds every one of <paramref name="markers"/>.</summary>
    public async Task<ModelCall> WaitForAsync(IReadOnlyList<string> markers, TimeSpan budget, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(budget);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_calls.FirstOrDefault(c => c.Main && markers.All(m => c.LastUser.Contains(m, StringComparison.Ordinal))) is { } found) return found;
                changed = _changed.Task;
            }
            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"the stand-in model saw no request holding {string.Join(", ", markers)} within {budget.TotalSeconds:0} s ({Calls.Count} requests seen)");
            }
        }
    }

    /// <summary>Waits until no request is in flight and none has come or ended for <paramref name="quiet"/> (bounded).</summary>
    public async Task WaitQuietAsync(TimeSpan quiet, TimeSpan budget, CancellationToken ct)
    {
        var start = Clock.Now;
        while (Clock.Now - start < budget)
        {
            lock (_lock)
                if (_inFlight == 0 && Clock.Now - _lastDone >= quiet && (_calls.Count == 0 || Clock.Now - _calls[^1].At >= quiet)) return;
            await Task.Delay(50, ct);
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        lock (_lock) _inFlight++;
        try
        {
            var raw = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync(context.RequestAborted);
            var at = Clock.Now;
            var path = context.Request.Path.Value ?? "";
            JsonNode? body = null;
            try
            {
                body = raw.Length == 0 ? null : JsonNode.Parse(raw);
            }
            catch (JsonException)
            {
            }
            var isMessages = path.StartsWith("/v1/messages", StringComparison.Ordinal) && !path.StartsWith("/v1/messages/count_tokens", StringComparison.Ordinal);
            var call = new ModelCall(at, path, raw, isMessages && body?["tools"] is JsonArray { Count: > 0 },
                body?["stream"]?.GetValueKind() == JsonValueKind.True, body?["model"]?.GetValue<string>() ?? "claude-stand-in", LastUserText(body));
            lock (_lock)
            {
                _calls.Add(call);
                _changed.TrySetResult();
                _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            if (context.Request.Method != HttpMethods.Post || !path.StartsWith("/v1/messages", StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            if (!isMessages)
            {
                await WriteJsonAsync(context, w => w.WriteNumber("input_tokens", Math.Max(1, raw.Length / 4)));
                return;
            }
            var text = !call.Main ? "Stand-in side answer" : OnMain is { } on ? await on(call) : "Done.";
            await AnswerAsync(context, call, text);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
        }
        finally
        {
            lock (_lock)
            {
                _inFlight--;
                _lastDone = Clock.Now;
            }
        }
    }

    /// <summary>Every string in the last user message (its text blocks, tool results, system reminders), one per line.</summary>
    private static string LastUserText(JsonNode? body)
    {
        var last = body?["messages"] is JsonArray messages ? messages.LastOrDefault(m => m?["role"]?.GetValue<string>() == "user") : null;
        var text = new StringBuilder();
        Collect(last, text);
        return text.ToString();
    }

    private static void Collect(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, v) in o) Collect(v, text);
                break;
            case JsonArray a:
                foreach (var v in a) Collect(v, text);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                text.Append(v.GetValue<string>()).Append('\n');
                break;
        }
    }

    private static async Task AnswerAsync(HttpContext context, ModelCall call, string text)
    {
        if (!call.Streamed)
        {
            await WriteJsonAsync(context, w =>
            {
                Message(w, call);
                w.WriteStartArray("content");
                w.WriteStartObject();
                w.WriteString("type", "text");
                w.WriteString("text", text);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteString("stop_reason", "end_turn");
                w.WriteNull("stop_sequence");
                Usage(w, 12);
            });
            return;
        }
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await EventAsync(context, "message_start", w =>
        {
            w.WriteString("type", "message_start");
            w.WriteStartObject("message");
            Message(w, call);
            w.WriteStartArray("content");
            w.WriteEndArray();
            w.WriteNull("stop_reason");
            w.WriteNull("stop_sequence");
            Usage(w, 1);
            w.WriteEndObject();
        });
        await EventAsync(context, "content_block_start", w =>
        {
            w.WriteString("type", "content_block_start");
            w.WriteNumber("index", 0);
            w.WriteStartObject("content_block");
            w.WriteString("type", "text");
            w.WriteString("text", "");
            w.WriteEndObject();
        });
        await EventAsync(context, "content_block_delta", w =>
        {
            w.WriteString("type", "content_block_delta");
            w.WriteNumber("index", 0);
            w.WriteStartObject("delta");
            w.WriteString("type", "text_delta");
            w.WriteString("text", text);
            w.WriteEndObject();
        });
        await EventAsync(context, "content_block_stop", w =>
        {
            w.WriteString("type", "content_block_stop");
            w.WriteNumber("index", 0);
        });
        await EventAsync(context, "message_delta", w =>
        {
            w.WriteString("type", "message_delta");
            w.WriteStartObject("delta");
            w.WriteString("stop_reason", "end_turn");
            w.WriteNull("stop_sequence");
            w.WriteEndObject();
            w.WriteStartObject("usage");
            w.WriteNumber("output_tokens", 12);
            w.WriteEndObject();
        });
        await EventAsync(context, "message_stop", w => w.WriteString("type", "message_stop"));
    }

    private static void Message(Utf8JsonWriter w, ModelCall call)
    {
        w.WriteString("id", $"msg_standin_{Guid.NewGuid():N}");
        w.WriteString("type", "message");
        w.WriteString("role", "assistant");
        w.WriteString("model", call.Model);
    }

    private static void Usage(Utf8JsonWriter w, int outputTokens)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("input_tokens", 25);
        w.WriteNumber("cache_creation_input_tokens", 0);
        w.WriteNumber("cache_read_input_tokens", 0);
        w.WriteNumber("output_tokens", outputTokens);
        w.WriteString("service_tier", "standard");
        w.WriteEndObject();
    }

    private static async Task EventAsync(HttpContext context, string name, Action<Utf8JsonWriter> write)
    {
        await context.Response.WriteAsync($"event: {name}\ndata: {Encoding.UTF8.GetString(Json(write))}\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static async Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Json(write), context.RequestAborted);
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5))) await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}

/// <summary>One request Claude Code made: when its body had arrived, where, its raw text, and whether it is a turn of the conversation.</summary>
internal sealed record ModelCall(TimeSpan At, string Path, string Raw, bool Main, bool Streamed, string Model, string LastUser);
