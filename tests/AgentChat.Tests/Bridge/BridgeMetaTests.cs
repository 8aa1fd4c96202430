using System.Text.Json;
using AgentChat.Bridge;
using AgentChat.Bridge.Work;

namespace AgentChat.Tests.Bridge;

public sealed class BridgeMetaTests
{
    [Fact]
    public void An_answers_meta_has_no_float_because_a_Matrix_event_may_not_hold_one()
    {
        var meta = new AnswerMeta(new BridgeMeta
        {
            Answers = "$q", Session = "s-1", Model = "m", InputTokens = 11, OutputTokens = 22, CacheReadTokens = 0, CacheCreationTokens = 0,
            CostUsd = 0.0042, DurationMs = 7, Turns = 1,
        });
        var json = JsonSerializer.SerializeToElement(meta, BridgeJsonContext.Default.AnswerMeta);
        var bridge = json.GetProperty("bridge");
        Assert.Equal("0.0042", bridge.GetProperty("cost_usd").GetString());
        foreach (var p in bridge.EnumerateObject())
            if (p.Value.ValueKind == JsonValueKind.Number) Assert.True(p.Value.TryGetInt64(out _), $"{p.Name} is not an integer: {p.Value}");
    }
}
