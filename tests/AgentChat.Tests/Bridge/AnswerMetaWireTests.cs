using System.Text.Json;
using System.Text.Json.Nodes;
using AgentChat.Bridge;
using AgentChat.Bridge.Work;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Bridge;

/// <summary>
/// An answer's <c>meta.bridge</c> must be content a homeserver stores: Matrix rooms (v6 and later) take canonical JSON
/// only, and Synapse refuses a float anywhere in an event (400 M_BAD_JSON "Bad JSON value: float"). Claude Code's
/// <c>total_cost_usd</c> is a fraction, so it goes on the wire as a decimal string; every answer that cost something
/// was refused (and kept in the outbox's failed folder) while it was a JSON number.
/// </summary>
public sealed class AnswerMetaWireTests
{
    private static readonly BridgeMeta Costly = new()
    {
        Answers = "$source", Session = "5f0c9a8e-1111-4222-8333-944455556666", Model = "claude-test",
        InputTokens = 25, OutputTokens = 12, CacheReadTokens = 3, CacheCreationTokens = 2, CostUsd = 0.0123456, DurationMs = 4567, Turns = 1,
    };

    [Fact]
    public void The_cost_is_a_decimal_string_and_every_number_an_integer()
    {
        var meta = JsonSerializer.SerializeToElement(new AnswerMeta(Costly), BridgeJsonContext.Default.AnswerMeta);
        Assert.Empty(Floats(meta));
        var cost = meta.GetProperty("bridge").GetProperty("cost_usd");
        Assert.Equal(JsonValueKind.String, cost.ValueKind);
        Assert.Equal(0.0123456, double.Parse(cost.GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Synapse_stores_an_answer_that_cost_something()
    {
        var server = await SynapseServer.GetAsync();
        var user = await server.CreateUserAsync("meta");
        var (room, _) = await SharedRoom.CreateAsync(server, user);
        var content = new JsonObject
        {
            ["msgtype"] = "m.text",
            ["body"] = "an answer",
            ["com.aiagentchat.meta"] = JsonNode.Parse(JsonSerializer.Serialize(new AnswerMeta(Costly), BridgeJsonContext.Default.AnswerMeta)),
        };
        var sent = await user.Client.SendEventAsync(room, "m.room.message", System.Text.Encoding.UTF8.GetBytes(content.ToJsonString()), Guid.NewGuid().ToString("N"))
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("$", sent.Value, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Floats(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Floats(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Floats),
        JsonValueKind.Number when !e.TryGetInt64(out _) => [e.GetRawText()],
        _ => [],
    };
}
