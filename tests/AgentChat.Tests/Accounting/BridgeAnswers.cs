using System.Globalization;
using System.Text;
using System.Text.Json;
using AgentChat.Matrix;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Accounting;

/// <summary>Answers shaped as <c>cchat bridge</c> posts them (docs/bridge.md), sent with a raw Matrix client: no Claude Code needed.</summary>
internal static class BridgeAnswers
{
    /// <summary>A human's plain message, the root of the thread the answers go in.</summary>
    public static async Task<string> HumanAsksAsync(TestUser human, RoomId room, string text) =>
        await SendAsync(human, room, $$"""{"msgtype":"m.text","body":"{{JsonEncodedText.Encode(text)}}"}""");

    /// <summary>An answer in <paramref name="thread"/> whose <c>com.aiagentchat.meta</c> is <paramref name="meta"/> (any JSON, hostile included).</summary>
    public static async Task<string> PostAsync(TestUser bridge, RoomId room, string thread, string meta, string text = "the answer") =>
        await SendAsync(bridge, room,
            "{\"msgtype\":\"m.text\",\"body\":\"" + JsonEncodedText.Encode(text) + "\",\"com.aiagentchat.meta\":" + meta
            + ",\"m.relates_to\":{\"rel_type\":\"m.thread\",\"event_id\":\"" + thread + "\",\"is_falling_back\":true,\"m.in_reply_to\":{\"event_id\":\"" + thread + "\"}}}");

    /// <summary>The meta of a bridge answer as the bridge writes it; figures left null are left out.</summary>
    public static string Meta(string answers, long? input = null, long? output = null, long? cacheRead = null, long? cacheCreation = null,
        double? usd = null, long? ms = null, string? task = null, string? error = null)
    {
        var b = new StringBuilder($$"""{"answers":"{{answers}}","session":"{{Guid.NewGuid()}}","model":"stand-in","turns":1""");
        void Add(string name, string? json)
        {
            if (json is not null) b.Append(",\"").Append(name).Append("\":").Append(json);
        }
        Add("input_tokens", N(input));
        Add("output_tokens", N(output));
        Add("cache_read_tokens", N(cacheRead));
        Add("cache_creation_tokens", N(cacheCreation));
        Add("cost_usd", usd is { } d ? $"\"{d.ToString("R", CultureInfo.InvariantCulture)}\"" : null); // a string: Synapse refuses floats
        Add("duration_ms", N(ms));
        Add("task", task is null ? null : $"\"{task}\"");
        Add("error", error is null ? null : $"\"{error}\"");
        return "{\"v\":1,\"kind\":\"chat\",\"bridge\":" + b + "}}";
    }

    private static string? N(long? n) => n?.ToString(CultureInfo.InvariantCulture);

    private static async Task<string> SendAsync(TestUser user, RoomId room, string content) =>
        (await user.Client.SendEventAsync(room, "m.room.message", Encoding.UTF8.GetBytes(content), "t" + Guid.NewGuid().ToString("N")).WaitAsync(TestDaemon.Timeout)).Value;
}
