using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AgentChat.Daemon.Gateway;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Tasks;
using AgentChat.Verbs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;
using AgentChat.Hosting.Gateway;

namespace AgentChat.Daemon.Tasks;

/// <summary>
/// GET and POST /tasks, /tasks/{id}; GET /threads, /threads/{id}: the core's task and thread reads for this agent.
/// The list spans every followed room (from the index); one task or thread is read in the room its id is in.
/// </summary>
internal static class TaskEndpoints
{
    public static IEndpointRouteBuilder MapTasks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/tasks", (HttpContext c, RoomTasks tasks, CancellationToken ct) => AnswerAsync(async () =>
        {
            var q = c.Request.Query;
            var query = TaskQuery.Parse(Value(q["state"]), Value(q["assignee"]), Value(q["creator"]), Value(q["waiting_on_humans"]));
            return TypedResults.Json(await tasks.ListAsync(query, ct), TasksJsonContext.Default.TaskListResponse);
        }));
        app.MapGet("/tasks/{id}", (string id, RoomTasks tasks, CancellationToken ct) => AnswerAsync(tasks.ReaderForAsync(id, ct), async r =>
            TypedResults.Json(await r.ShowAsync(id, ct), TasksJsonContext.Default.TaskResponse)));
        app.MapPost("/tasks", (HttpContext c, RoomTasks tasks, CancellationToken ct) =>
            AnswerAsync(tasks.ReaderAsync(ct), async r =>
            {
                var request = await BodyAsync(c, TasksJsonContext.Default.TaskNewRequest, ct);
                var result = await tasks.MoveSender(r).NewAsync(request, ct);
                return TypedResults.Json(result, TasksJsonContext.Default.TaskMoveResponse, statusCode: result.Queued ? 202 : 200);
            }));
        app.MapPost("/tasks/{id}", (string id, HttpContext c, RoomTasks tasks, CancellationToken ct) =>
            AnswerAsync(tasks.ReaderForAsync(id, ct), async r =>
            {
                var request = await BodyAsync(c, TasksJsonContext.Default.TaskMoveRequest, ct);
                var result = await tasks.MoveSender(r).MoveAsync(id, request, ct);
                return TypedResults.Json(result, TasksJsonContext.Default.TaskMoveResponse, statusCode: result.Queued ? 202 : 200);
            }));
        app.MapGet("/threads", (RoomTasks tasks, CancellationToken ct) => AnswerAsync(tasks.ReaderAsync(ct), async r =>
            TypedResults.Json(await r.ThreadsAsync(ct), TasksJsonContext.Default.ThreadsResponse)));
        app.MapGet("/threads/{id}", (string id, HttpContext c, RoomTasks tasks, CancellationToken ct) => AnswerAsync(tasks.ReaderForAsync(id, ct), async r =>
        {
            var limit = ReadRules.MaxLimit;
            if (Value(c.Request.Query["limit"]) is { } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > ReadRules.MaxLimit))
                throw VerbException.BadRequest("bad_limit", $"\"limit\" must be a whole number from 1 to {ReadRules.MaxLimit}");
            return TypedResults.Json(await r.ThreadAsync(id, Value(c.Request.Query["since"]), limit, ct), GatewayJsonContext.Default.ReadResponse);
        }));
        return app;
    }

    /// <summary>The task endpoints' one error mapping: a refusal, a send's included, answered as the gateway answers it everywhere.</summary>
    private static Task<IResult> AnswerAsync(Task<TaskRoomReader> reader, Func<TaskRoomReader, Task<IResult>> answer) =>
        AnswerAsync(async () => await answer(await reader));

    private static async Task<IResult> AnswerAsync(Func<Task<IResult>> answer)
    {
        try
        {
            return await answer();
        }
        catch (VerbException e)
        {
            return GatewayResults.Error(e);
        }
        catch (MatrixException e)
        {
            return GatewayResults.Error(e.IsTransient ? 503 : 502, "homeserver_error", $"reading the room failed: {e.Message}");
        }
    }

    private static async Task<T> BodyAsync<T>(HttpContext context, JsonTypeInfo<T> type, CancellationToken ct) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(context.Request.Body, type, ct)
                   ?? throw VerbException.BadRequest("bad_json", "the body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw VerbException.BadRequest("bad_json", $"the body is not a valid request: {e.Message}");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new VerbException(413, "too_large", "the request body is over the gateway's limit");
        }
    }

    private static string? Value(StringValues v) => v.Count > 0 ? v.ToString() : null;
}
