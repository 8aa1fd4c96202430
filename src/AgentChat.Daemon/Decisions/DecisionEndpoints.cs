using System.Globalization;
using System.Text.Json;
using AgentChat.Decisions;
using AgentChat.Hosting.Gateway;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Tasks;
using AgentChat.Verbs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentChat.Daemon.Decisions;

/// <summary>
/// <c>POST /decisions</c> asks (a poll; with <c>task</c>, blocks it), <c>GET /decisions/{id}</c> shows, <c>GET /decisions/{id}/wait</c>
/// long-polls for the first allowed answer (at most <see cref="MaxWaitSeconds"/> per call), <c>POST /decisions/{id}/block</c> blocks a
/// task on it. The endpoints only parse and map errors; the rules are <see cref="DecisionService"/>'s.
/// </summary>
internal static class DecisionEndpoints
{
    public const int MaxWaitSeconds = 300;

    public static IEndpointRouteBuilder MapDecisions(this IEndpointRouteBuilder app)
    {
        app.MapPost("/decisions", AskAsync);
        app.MapGet("/decisions/{id}", ShowAsync);
        app.MapGet("/decisions/{id}/wait", WaitAsync);
        app.MapPost("/decisions/{id}/block", BlockAsync);
        return app;
    }

    private static Task<IResult> AskAsync(HttpContext context, DecisionService decisions, CancellationToken ct) => Guard("the decision", async () =>
    {
        var request = await JsonSerializer.DeserializeAsync(context.Request.Body, DecisionsJsonContext.Default.DecisionAskRequest, ct)
                      ?? throw VerbException.BadRequest("bad_json", "the body is not a decision");
        return TypedResults.Json(await decisions.AskAsync(request, ct), DecisionsJsonContext.Default.DecisionAskResponse);
    });

    private static Task<IResult> ShowAsync(string id, string? room, DecisionService decisions, CancellationToken ct) => Guard("reading the decision", async () =>
        TypedResults.Json(await decisions.ShowAsync(id, room, ct), DecisionsJsonContext.Default.DecisionView));

    private static Task<IResult> WaitAsync(string id, string? room, string? timeout, DecisionService decisions, DecisionSignals signals, CancellationToken ct) =>
        Guard("waiting for the decision", async () =>
        {
            var seconds = MaxWaitSeconds;
            if (timeout is not null && (!int.TryParse(timeout, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds is < 0 or > MaxWaitSeconds))
                throw VerbException.BadRequest("bad_timeout", $"\"timeout\" must be a whole number of seconds from 0 to {MaxWaitSeconds}");
            var waited = await decisions.WaitAsync(id, room, TimeSpan.FromSeconds(seconds), (_, ids, c) => signals.NextAsync(ids, c), ct);
            return TypedResults.Json(waited, DecisionsJsonContext.Default.DecisionWaitResponse);
        });

    private static Task<IResult> BlockAsync(string id, HttpContext context, DecisionService decisions, CancellationToken ct) => Guard("blocking the task", async () =>
    {
        var request = await JsonSerializer.DeserializeAsync(context.Request.Body, DecisionsJsonContext.Default.DecisionBlockRequest, ct)
                      ?? throw VerbException.BadRequest("bad_json", "the body is not a block request");
        return TypedResults.Json(await decisions.BlockAsync(id, request, ct), TasksJsonContext.Default.TaskMoveResponse);
    });

    private static async Task<IResult> Guard(string what, Func<Task<IResult>> run)
    {
        try
        {
            return await run();
        }
        catch (JsonException e)
        {
            return GatewayResults.BadRequest("bad_json", $"{what}: the body cannot be read ({e.Message})");
        }
        catch (VerbException e)
        {
            return GatewayResults.Error(e);
        }
        catch (MessageTooLargeException e)
        {
            return GatewayResults.Error(413, "too_large", e.Message);
        }
        catch (MatrixException e)
        {
            return e.ErrCode switch
            {
                MatrixErrorCodes.Forbidden => GatewayResults.Error(403, "forbidden", $"{what} was refused: {e.Message}"),
                MatrixErrorCodes.NotFound => GatewayResults.Error(404, "not_found", $"{what} failed: no such room or event ({e.Message})"),
                _ => GatewayResults.Error(e.IsTransient ? 503 : 502, "homeserver_error", $"{what} failed: {e.Message}"),
            };
        }
    }
}
