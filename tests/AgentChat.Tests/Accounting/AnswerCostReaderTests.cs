using System.Text.Json;
using AgentChat.Accounting;

namespace AgentChat.Tests.Accounting;

/// <summary><c>meta.bridge</c> is written by strangers: every figure is read only when it is plausible, and nothing throws.</summary>
public sealed class AnswerCostReaderTests
{
    internal const string Answer = """
        {"v":1,"kind":"chat","bridge":{"answers":"$src","session":"s-1","model":"claude-sonnet","input_tokens":1234,"output_tokens":321,
         "cache_read_tokens":50,"cache_creation_tokens":7,"cost_usd":"0.0123","duration_ms":4567,"turns":2,"task":"$task"}}
        """;

    [Fact]
    public void A_real_answer_reads_every_figure()
    {
        var cost = Read(Answer)!;
        Assert.Equal(("$src", "claude-sonnet", "$task"), (cost.Answers, cost.Model, cost.Task));
        Assert.Equal((1234L, 321L, 50L, 7L), (cost.InputTokens, cost.OutputTokens, cost.CacheReadTokens, cost.CacheCreationTokens));
        Assert.Equal((0.0123, 4567L, 2), (cost.CostUsd, cost.DurationMs, cost.Turns));
        Assert.False(cost.Failed);
    }

    [Theory]
    [InlineData("""{"bridge":{"working_on":"$src"}}""")] // the status notice is not an answer
    [InlineData("""{"bridge":{"answers":""}}""")]
    [InlineData("""{"bridge":{"answers":5}}""")]
    [InlineData("""{"bridge":{"answers":["$a"]}}""")]
    [InlineData("""{"bridge":"answers"}""")]
    [InlineData("""{"bridge":null}""")]
    [InlineData("""{"bridge":[{"answers":"$a"}]}""")]
    [InlineData("""["bridge"]""")]
    [InlineData("\"bridge\"")]
    [InlineData("null")]
    [InlineData("""{"v":1,"kind":"chat"}""")]
    public void Anything_but_an_answer_is_not_one(string meta) => Assert.Null(Read(meta));

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("\"12\"")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("1000000000001")] // more than a trillion tokens
    [InlineData("9223372036854775808")] // beyond long
    [InlineData("1e400")]
    [InlineData("-1e400")]
    public void A_token_count_that_is_not_a_plausible_whole_number_is_left_out(string value)
    {
        var cost = Read($$$"""{"bridge":{"answers":"$a","input_tokens":{{{value}}},"output_tokens":3}}""")!;
        Assert.Null(cost.InputTokens);
        Assert.Equal(3, cost.OutputTokens); // the bad figure degrades only itself
    }

    [Theory]
    [InlineData("-0.01")]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("1e400")]
    [InlineData("100000.01")]
    [InlineData("\"-0.5\"")]
    [InlineData("\"1e3\"")]
    [InlineData("\" 1\"")]
    [InlineData("\"1.2.3\"")]
    [InlineData("\".\"")]
    [InlineData("\"\"")]
    [InlineData("\"100000.5\"")]
    [InlineData("{\"usd\":1}")]
    public void A_cost_that_is_negative_not_a_number_or_absurd_is_left_out(string value)
    {
        var cost = Read($$$"""{"bridge":{"answers":"$a","cost_usd":{{{value}}},"duration_ms":10}}""")!;
        Assert.Null(cost.CostUsd);
        Assert.Equal(10, cost.DurationMs);
    }

    [Theory]
    [InlineData("\"0.0123\"", 0.0123)]
    [InlineData("\"5\"", 5)]
    [InlineData("2", 2)]
    [InlineData("0.25", 0.25)] // a float, where a homeserver lets one through
    public void A_cost_is_a_decimal_string_or_a_number(string value, double usd) =>
        Assert.Equal(usd, Read($$$"""{"bridge":{"answers":"$a","cost_usd":{{{value}}}}}""")!.CostUsd);

    [Theory]
    [InlineData("timeout", "timeout")]
    [InlineData("model_error", "model_error")]
    [InlineData("made up by a stranger", "other")]
    public void A_failure_is_labelled_with_a_known_code_or_other(string error, string label)
    {
        var cost = Read($$$"""{"bridge":{"answers":"$a","error":"{{{error}}}"}}""")!;
        Assert.True(cost.Failed);
        Assert.Equal(label, cost.ErrorLabel);
    }

    [Theory]
    [InlineData("\"not an event id\"")]
    [InlineData("5")]
    [InlineData("\"$with\\nnewline\"")]
    public void A_task_that_is_not_an_event_id_is_left_out(string task) =>
        Assert.Null(Read($$$"""{"bridge":{"answers":"$a","task":{{{task}}}}}""")!.Task);

    [Fact]
    public void Long_strings_are_left_out_and_control_characters_refused()
    {
        var cost = Read($$$"""{"bridge":{"answers":"$a","model":"{{{new string('m', 201)}}}","error":"{{{new string('e', 65)}}}"}}""")!;
        Assert.Null(cost.Model);
        Assert.Null(cost.Error);
        Assert.Null(Read($$$"""{"bridge":{"answers":"{{{"$" + new string('a', 300)}}}"}}"""));
        Assert.Null(Read("""{"bridge":{"answers":"$a\u0000"}}"""));
    }

    [Fact]
    public void Sums_saturate_and_count_answers_without_a_cost()
    {
        var big = new AnswerCost { Answers = "$a", InputTokens = AnswerCostReader.MaxTokens, CostUsd = 1.5 };
        var totals = CostTotals.Sum(Enumerable.Repeat(big, 10_000).Append(new AnswerCost { Answers = "$b", Error = "timeout" }));
        Assert.Equal(10_000 * AnswerCostReader.MaxTokens, totals.InputTokens);
        Assert.Equal((10_001, 1, 1), (totals.Answers, totals.Failures, totals.WithoutCost));
        Assert.Equal(long.MaxValue, (new CostTotals { InputTokens = long.MaxValue - 5 }).Add(big).InputTokens);
        Assert.Equal(15_000, totals.CostUsd, 6);
    }

    [Fact]
    public void The_bridges_own_meta_holds_no_float_and_reads_back_whole()
    {
        var meta = new AgentChat.Bridge.Work.AnswerMeta(new AgentChat.Bridge.Work.BridgeMeta
        {
            Answers = "$src", Model = "m", InputTokens = 1, OutputTokens = 2, CacheReadTokens = 3, CacheCreationTokens = 4,
            CostUsd = 0.0123, DurationMs = 5, Turns = 6, Task = "$t", Error = "budget",
        });
        var json = JsonSerializer.Serialize(meta, AgentChat.Bridge.BridgeJsonContext.Default.AnswerMeta);
        Assert.Contains("\"cost_usd\":\"0.0123\"", json, StringComparison.Ordinal); // Synapse refuses a float in event content
        var cost = Read(json)!;
        Assert.Equal((0.0123, 1L, 2L, 3L, 4L, 5L, 6, "$t", "budget"),
            (cost.CostUsd, cost.InputTokens, cost.OutputTokens, cost.CacheReadTokens, cost.CacheCreationTokens, cost.DurationMs, cost.Turns, cost.Task, cost.ErrorLabel));
    }

    internal static AnswerCost? Read(string meta)
    {
        using var doc = JsonDocument.Parse(meta);
        return AnswerCostReader.Read(doc.RootElement.Clone());
    }
}
