using System.Buffers;
using System.Text.Json;
using AgentChat.Daemon.Buffer;
using AgentChat.Daemon.Reading;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Messages.Wake;
using Microsoft.AspNetCore.Http;

namespace AgentChat.Daemon.Wake;

/// <summary>
/// The Claude Code hooks' side of the gateway: <c>POST /hooks/session-start|prompt|stop</c> take the hook's
/// input JSON as it came and answer with the hook's output JSON, or 204 when there is nothing to say.
/// <c>POST /hooks/ack</c> is the session acknowledging what a channel pushed: the read marker moves.
/// What a hook hands over (and what <c>POST /hooks/delivered</c> says the channel pushed) is marked delivered.
/// </summary>
internal static class HookEndpoints
{
    /// <summary>
    /// Consecutive stop blocks allowed while Claude Code says it already continues because of a stop hook.
    /// Claude Code itself ends a turn after 8; we give up earlier, and new messages wait for the next turn.
    /// </summary>
    public const int MaxBlocksInARow = 3;

    public static async Task<IResult> SessionStartAsync(WakeInbox inbox, SessionActivity activity, DeliveryMarks marks, CancellationToken ct)
    {
        activity.SetIdle();
        var waiting = await inbox.TakeAsync(all: true, ct);
        marks.Handed(waiting);
        return waiting.Count == 0 ? TypedResults.NoContent() : Context("SessionStart",
            WakeText.List($"AgentChat: {waiting.Count} unread message(s) addressed to you are waiting. Answer with the cchat send tool (thread=<event_id>) or `cchat send`, and call read to mark them read:", waiting));
    }

    public static async Task<IResult> PromptAsync(WakeInbox inbox, SessionActivity activity, DeliveryMarks marks, CancellationToken ct)
    {
        activity.SetBusy("prompt");
        activity.BlocksInARow = 0;
        var waiting = marks.Claim(await inbox.TakeAsync(all: false, ct)); // not what the channel already pushed
        return waiting.Count == 0 ? TypedResults.NoContent() : Context("UserPromptSubmit",
            WakeText.List($"AgentChat: {waiting.Count} new message(s) addressed to you arrived (answer them when it fits your task):", waiting));
    }

    public static async Task<IResult> StopAsync(HttpContext context, WakeInbox inbox, SessionActivity activity, DeliveryMarks marks, CancellationToken ct)
    {
        var continuing = await StopHookActiveAsync(context.Request, ct);
        if (!continuing) activity.BlocksInARow = 0;
        if (continuing && activity.BlocksInARow >= MaxBlocksInARow)
        {
            activity.SetIdle();
            return TypedResults.NoContent();
        }
        var waiting = marks.Claim(await inbox.TakeAsync(all: false, ct)); // not what the channel already pushed
        if (waiting.Count == 0)
        {
            activity.SetIdle();
            return TypedResults.NoContent();
        }
        activity.BlocksInARow++;
        activity.SetBusy("stop");
        var reason = WakeText.List($"AgentChat: {waiting.Count} message(s) addressed to you arrived; take them up before you stop (answer with the cchat send tool, thread=<event_id>):", waiting);
        return Json(w =>
        {
            w.WriteString("decision", "block");
            w.WriteString("reason", reason);
        });
    }

    public static IResult Ack(HttpContext context, MessageBuffer buffer, ReadMarkers markers)
    {
        var eventId = context.Request.Query["event_id"].ToString();
        if (eventId.Length < 2 || buffer.CursorOf(eventId) is not { } cursor || buffer.After(cursor - 1, m => m.EventId == eventId, 1).Messages is not [var message])
            return TypedResults.NoContent(); // not held (any more): a read will mark it
        var room = new RoomId(message.RoomId);
        if (markers.Get(room).Cursor < cursor) markers.MarkRead(room, new EventId(eventId), cursor);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// <c>POST /hooks/delivered?event_id=…</c> (repeated): the channel wrote these messages to the session. Only
    /// messages this daemon holds are marked (the 👀 goes in their room); anything else is passed over.
    /// </summary>
    public static IResult Delivered(HttpContext context, MessageBuffer buffer, DeliveryMarks marks)
    {
        var handed = new List<ChatMessage>();
        foreach (var eventId in context.Request.Query["event_id"].Take(WakeText.MaxListed))
        {
            if (eventId is not { Length: > 1 } id || buffer.CursorOf(id) is not { } cursor) continue;
            if (buffer.After(cursor - 1, m => m.EventId == id, 1).Messages is [var message]) handed.Add(message);
        }
        marks.Handed(handed);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// <c>POST /hooks/claim?event_id=…</c> (repeated): the channel is about to push these messages. Answers
    /// <c>{"event_ids":[…]}</c>, those it may push: the ones no hook and no earlier push handed to the session (now
    /// marked handed, so a hook leaves them out), and any this daemon does not hold. With the channel and the hooks
    /// both installed, a message reaches the model once, by whichever comes first.
    /// </summary>
    public static IResult Claim(HttpContext context, MessageBuffer buffer, DeliveryMarks marks)
    {
        var ids = context.Request.Query["event_id"].OfType<string>().Where(id => id.Length > 1).Distinct(StringComparer.Ordinal).ToList();
        var held = new List<ChatMessage>();
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (buffer.CursorOf(id) is { } cursor && buffer.After(cursor - 1, m => m.EventId == id, 1).Messages is [var message]) held.Add(message);
            else unknown.Add(id);
        }
        var claimed = marks.Claim(held).Select(m => m.EventId).ToHashSet(StringComparer.Ordinal);
        return Json(w =>
        {
            w.WriteStartArray("event_ids");
            foreach (var id in ids.Where(id => claimed.Contains(id) || unknown.Contains(id))) w.WriteStringValue(id);
            w.WriteEndArray();
        });
    }

    private static async Task<bool> StopHookActiveAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, default, ct);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("stop_hook_active", out var a) && a.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false; // no or broken input: a plain stop
        }
    }

    private static IResult Context(string hookEvent, string text) => Json(w =>
    {
        w.WriteStartObject("hookSpecificOutput");
        w.WriteString("hookEventName", hookEvent);
        w.WriteString("additionalContext", text);
        w.WriteEndObject();
    });

    private static IResult Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }
        return TypedResults.Bytes(buffer.WrittenSpan.ToArray(), "application/json");
    }
}
