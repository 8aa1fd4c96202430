using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentChat.Tests.Bridge;

/// <summary>
/// A minimal stand-in for the Anthropic Messages API on loopback port 0 (the <c>claude</c> branch's scripted one was not
/// there in time): <c>POST /v1/messages</c> answers what <see cref="Script"/> says for the request body, streamed as
/// server-sent events when asked (<c>"stream": true</c>) with fixed usage, else as one JSON message; <c>count_tokens</c>
/// answers 10. Every request body is kept, so a test can see what Claude Code sent (a resumed session's history).
/// </summary>
internal sealed class StandInModel : IAsyncDisposable
{
    public const int InputTokens = 11, OutputTokens = 7, CacheRead = 3, CacheCreation = 2;

    private readonly WebApplication _app;
    private readonly List<string> _requests = [];

    private StandInModel(WebApplication app) => _app = app;

    public Func<string, StandInReply> Script { get; set; } = _ => new StandInReply("stand-in answer");

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<string> Requests { get { lock (_requests) return [.. _requests]; } }

    public static async Task<StandInModel> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var model = new StandInModel(app);
        app.MapPost("/v1/messages/count_tokens", (RequestDelegate)(c =>
        {
            c.Response.ContentType = "application/json";
            return c.Response.WriteAsync("{\"input_tokens\":10}", c.RequestAborted);
        }));
        app.MapPost("/v1/messages", (RequestDelegate)model.HandleAsync);
        await app.StartAsync();
        model.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return model;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        lock (_requests) _requests.Add(body);
        var reply = Script(body);
        if (reply.Hold is { } hold) await hold.WaitAsync(context.RequestAborted);
        using var request = JsonDocument.Parse(body);
        var model = request.RootElement.TryGetProperty("model", out var m) ? m.GetString() ?? "stand-in" : "stand-in";
        var text = Quote(reply.Text);
        if (reply.Status != 200)
        {
            context.Response.StatusCode = reply.Status;
            var kind = reply.Status >= 500 ? "api_error" : "invalid_request_error";
            await context.Response.WriteAsync($"{{\"type\":\"error\",\"error\":{{\"type\":\"{kind}\",\"message\":{text}}}}}", context.RequestAborted);
            return;
        }
        var usage = $"\"usage\":{{\"input_tokens\":{InputTokens},\"output_tokens\":{OutputTokens},\"cache_read_input_tokens\":{CacheRead},\"cache_creation_input_tokens\":{CacheCreation}}}";
        var message = $"\"id\":\"msg_{Guid.NewGuid():N}\",\"type\":\"message\",\"role\":\"assistant\",\"model\":{Quote(model)}";
        if (!(request.RootElement.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True))
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($"{{{message},\"content\":[{{\"type\":\"text\",\"text\":{text}}}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,{usage}}}", context.RequestAborted);
            return;
        }
        context.Response.ContentType = "text/event-stream";
        async Task Event(string type, string data) => await context.Response.WriteAsync($"event: {type}\ndata: {data}\n\n", context.RequestAborted);
        await Event("message_start", $"{{\"type\":\"message_start\",\"message\":{{{message},\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,{usage}}}}}");
        await Event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        await Event("content_block_delta", $"{{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{{\"type\":\"text_delta\",\"text\":{text}}}}}");
        await Event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        await Event("message_delta", $"{{\"type\":\"message_delta\",\"delta\":{{\"stop_reason\":\"end_turn\",\"stop_sequence\":null}},\"usage\":{{\"output_tokens\":{OutputTokens}}}}}");
        await Event("message_stop", "{\"type\":\"message_stop\"}");
    }

    private static string Quote(string s) => "\"" + JsonEncodedText.Encode(s).Value + "\"";

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
