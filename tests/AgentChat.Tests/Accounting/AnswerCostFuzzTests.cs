using System.Globalization;
using System.Text;
using System.Text.Json;
using AgentChat.Accounting;

namespace AgentChat.Tests.Accounting;

/// <summary>Twenty thousand hostile <c>meta.bridge</c> objects: the reader never throws, and what it keeps is in bounds and exact.</summary>
public sealed class AnswerCostFuzzTests
{
    private static readonly string[] Fields =
        ["answers", "model", "input_tokens", "output_tokens", "cache_read_tokens", "cache_creation_tokens", "cost_usd", "duration_ms", "turns", "task", "error", "session"];

    private static readonly string[] Values =
    [
        "0", "1", "5", "-1", "-0", "1.5", "0.0123", "1e3", "1E-7", "1e400", "-1e400", "9223372036854775807", "9223372036854775808",
        "1000000000000", "1000000000001", "2592000000", "2592000001", "100000", "100000.5", "1000000", "1000001",
        "\"12\"", "\"NaN\"", "\"Infinity\"", "\"\"", "\"$ok\"", "\"$\\u0000\"", "\"timeout\"", "\"other code\"", "null", "true", "false",
        "[]", "[1,2]", "{}", "{\"answers\":\"$x\"}", "\"" + new string('x', 300) + "\"",
    ];

    [Fact]
    public void Twenty_thousand_hostile_answers_never_throw_and_keep_only_plausible_figures()
    {
        var random = new Random(20261207);
        var answers = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var bridge = new StringBuilder("{");
            var fields = Fields.Where(_ => random.Next(3) > 0).ToList();
            var written = new Dictionary<string, string>();
            foreach (var f in fields)
            {
                var v = f == "answers" && random.Next(2) == 0 ? "\"$src\"" : Values[random.Next(Values.Length)];
                written[f] = v;
                bridge.Append(bridge.Length > 1 ? "," : "").Append('"').Append(f).Append("\":").Append(v);
            }
            bridge.Append('}');
            var meta = random.Next(10) switch
            {
                0 => bridge.ToString(), // meta itself is the bridge object: no "bridge" key
                1 => "[" + bridge + "]",
                _ => "{\"v\":1,\"bridge\":" + bridge + "}",
            };
            using var doc = JsonDocument.Parse(meta);
            var cost = AnswerCostReader.Read(doc.RootElement);
            if (cost is null) continue;
            answers++;
            Assert.False(string.IsNullOrEmpty(cost.Answers));
            Whole(cost.InputTokens, written.GetValueOrDefault("input_tokens"), AnswerCostReader.MaxTokens);
            Whole(cost.OutputTokens, written.GetValueOrDefault("output_tokens"), AnswerCostReader.MaxTokens);
            Whole(cost.CacheReadTokens, written.GetValueOrDefault("cache_read_tokens"), AnswerCostReader.MaxTokens);
            Whole(cost.CacheCreationTokens, written.GetValueOrDefault("cache_creation_tokens"), AnswerCostReader.MaxTokens);
            Whole(cost.DurationMs, written.GetValueOrDefault("duration_ms"), AnswerCostReader.MaxDurationMs);
            Whole(cost.Turns, written.GetValueOrDefault("turns"), AnswerCostReader.MaxTurns);
            if (cost.CostUsd is { } usd) Assert.True(double.IsFinite(usd) && usd is >= 0 and <= AnswerCostReader.MaxCostUsd, $"cost {usd}");
            if (cost.Task is { } task) Assert.StartsWith("$", task, StringComparison.Ordinal);
            if (cost.ErrorLabel is { } label) Assert.Contains(label, AnswerErrors.Known.Append(AnswerErrors.Other));
            _ = CostTotals.Sum([cost, cost]);
        }
        Assert.True(answers > 2_000, $"only {answers} of 20,000 read as answers");
    }

    /// <summary>A kept figure is exactly the whole number written, within bounds; a plausible whole number is never dropped.</summary>
    private static void Whole(long? read, string? written, long max)
    {
        var plausible = written is not null && long.TryParse(written, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= 0 && n <= max;
        Assert.Equal(plausible ? long.Parse(written!, CultureInfo.InvariantCulture) : null, read);
    }
}
