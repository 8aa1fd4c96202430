using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AgentChat.Tests.ClaudeCode;

/// <summary>How the stand-in writes a turn: the Messages API's event sequence, or its one-message JSON, or a fault.</summary>
internal sealed partial class StandInModel
{
    private async Task AnswerAsync(HttpContext context, ModelRequest request, ModelTurn turn)
    {
        switch (turn.Fault)
        {
            case ModelFault.Error:
                await WriteJsonAsync(context, turn.Status, w =>
                {
                    w.WriteString("type", "error");
                    w.WriteStartObject("error");
                    w.WriteString("type", ((ModelBlock.Text)turn.Blocks[0]).Value);
                    w.WriteString("message", "the stand-in model refuses this request");
                    w.WriteEndObject();
                });
                return;
            case ModelFault.Hang:
                using (var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token))
                {
                    try
                    {
                        await Task.Delay(System.Threading.Timeout.Infinite, both.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
                return;
            case ModelFault.Malformed:
                context.Response.ContentType = "text/event-stream";
                await SendEventAsync(context, "message_start", w => MessageStart(w, request));
                await context.Response.WriteAsync("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_bl\n\n", context.RequestAborted);
                await context.Response.WriteAsync("event: content_block_delta\ndata: not json at all\n\n", context.RequestAborted);
                return; // the stream ends with no message_stop
        }

        var id = $"msg_standin_{request.Index}";
        var stop = turn.Blocks.Any(b => b is ModelBlock.ToolUse) ? "tool_use" : "end_turn";
        if (!request.Streamed)
        {
            await WriteJsonAsync(context, 200, w =>
            {
                Message(w, request, id);
                w.WriteStartArray("content");
                for (var i = 0; i < turn.Blocks.Count; i++) Block(w, turn.Blocks[i], request, i, complete: true);
                w.WriteEndArray();
                w.WriteString("stop_reason", stop);
                w.WriteNull("stop_sequence");
                Usage(w, outputTokens: 12);
            });
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await SendEventAsync(context, "message_start", w => MessageStart(w, request));
        await SendEventAsync(context, "ping", w => w.WriteString("type", "ping"));
        for (var i = 0; i < turn.Blocks.Count; i++)
        {
            var index = i;
            var block = turn.Blocks[i];
            await SendEventAsync(context, "content_block_start", w =>
            {
                w.WriteString("type", "content_block_start");
                w.WriteNumber("index", index);
                w.WritePropertyName("content_block");
                Block(w, block, request, index, complete: false);
            });
            var (deltaType, field, value) = block switch
            {
                ModelBlock.Text t => ("text_delta", "text", t.Value),
                ModelBlock.ToolUse u => ("input_json_delta", "partial_json", u.Input.ToJsonString()),
                _ => throw new InvalidOperationException(block.ToString()),
            };
            // Two deltas per block, as the real API splits its output.
            var half = value.Length / 2;
            foreach (var piece in new[] { value[..half], value[half..] })
            {
                await SendEventAsync(context, "content_block_delta", w =>
                {
                    w.WriteString("type", "content_block_delta");
                    w.WriteNumber("index", index);
                    w.WriteStartObject("delta");
                    w.WriteString("type", deltaType);
                    w.WriteString(field, piece);
                    w.WriteEndObject();
                });
            }
            await SendEventAsync(context, "content_block_stop", w =>
            {
                w.WriteString("type", "content_block_stop");
                w.WriteNumber("index", index);
            });
        }
        await SendEventAsync(context, "message_delta", w =>
        {
            w.WriteString("type", "message_delta");
            w.WriteStartObject("delta");
            w.WriteString("stop_reason", stop);
            w.WriteNull("stop_sequence");
            w.WriteEndObject();
            w.WriteStartObject("usage");
            w.WriteNumber("output_tokens", 12);
            w.WriteEndObject();
        });
        await SendEventAsync(context, "message_stop", w => w.WriteString("type", "message_stop"));
    }

    private static void MessageStart(Utf8JsonWriter w, ModelRequest request)
    {
        w.WriteString("type", "message_start");
        w.WriteStartObject("message");
        Message(w, request, $"msg_standin_{request.Index}");
        w.WriteStartArray("content");
        w.WriteEndArray();
        w.WriteNull("stop_reason");
        w.WriteNull("stop_sequence");
        Usage(w, outputTokens: 1);
        w.WriteEndObject();
    }

    private static void Message(Utf8JsonWriter w, ModelRequest request, string id)
    {
        w.WriteString("id", id);
        w.WriteString("type", "message");
        w.WriteString("role", "assistant");
        w.WriteString("model", request.Model);
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

    /// <summary>A content block; in a stream's content_block_start it is empty and the deltas fill it.</summary>
    private static void Block(Utf8JsonWriter w, ModelBlock block, ModelRequest request, int index, bool complete)
    {
        w.WriteStartObject();
        switch (block)
        {
            case ModelBlock.Text t:
                w.WriteString("type", "text");
                w.WriteString("text", complete ? t.Value : "");
                break;
            case ModelBlock.ToolUse u:
                w.WriteString("type", "tool_use");
                w.WriteString("id", $"toolu_standin_{request.Index}_{index}");
                w.WriteString("name", u.Name);
                w.WritePropertyName("input");
                if (complete) w.WriteRawValue(u.Input.ToJsonString());
                else
                {
                    w.WriteStartObject();
                    w.WriteEndObject();
                }
                break;
        }
        w.WriteEndObject();
    }

    private static async Task SendEventAsync(HttpContext context, string name, Action<Utf8JsonWriter> write)
    {
        var data = Json(write);
        await context.Response.WriteAsync($"event: {name}\ndata: {Encoding.UTF8.GetString(data)}\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Json(write), context.RequestAborted);
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
