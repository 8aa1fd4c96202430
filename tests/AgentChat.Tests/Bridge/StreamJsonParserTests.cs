using AgentChat.Bridge.Claude;
using AgentChat.Bridge.Sessions;

namespace AgentChat.Tests.Bridge;

public sealed class StreamJsonParserTests
{
    private const string Init = """{"type":"system","subtype":"init","session_id":"5f0c9a8e-1111-4222-8333-944455556666","model":"claude-test","tools":["Read"]}""";
    private const string Assistant = """{"type":"assistant","message":{"role":"assistant","content":[{"type":"text","text":"Hello"},{"type":"tool_use","name":"Read"},{"type":"text","text":"there"}]},"session_id":"5f0c9a8e-1111-4222-8333-944455556666"}""";
    private const string Result = """{"type":"result","subtype":"success","is_error":false,"duration_ms":1234,"num_turns":2,"result":"The answer","session_id":"5f0c9a8e-1111-4222-8333-944455556666","total_cost_usd":0.0123,"usage":{"input_tokens":10,"output_tokens":20,"cache_read_input_tokens":30,"cache_creation_input_tokens":40}}""";

    [Fact]
    public void A_whole_run_gives_the_session_text_usage_and_cost()
    {
        var p = new StreamJsonParser();
        foreach (var line in new[] { Init, Assistant, Result }) p.Feed(line);
        Assert.True(p.SawInit);
        Assert.Equal("claude-test", p.Model);
        Assert.Equal("Hello\nthere", p.LastAssistantText);
        var r = Assert.IsType<ClaudeResult>(p.Result);
        Assert.Equal("The answer", r.Text);
        Assert.False(r.IsError);
        Assert.Equal("5f0c9a8e-1111-4222-8333-944455556666", r.SessionId);
        Assert.Equal(new ClaudeUsage(10, 20, 30, 40), r.Usage);
        Assert.Equal(0.0123, r.CostUsd);
        Assert.Equal(1234, r.DurationMs);
        Assert.Equal(2, r.Turns);
        Assert.Equal(0, p.Skipped);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"type\":\"result\"")]
    [InlineData("[1,2,3]")]
    [InlineData("42")]
    [InlineData("\"a string\"")]
    [InlineData("null")]
    [InlineData("{\"type\":\"something_new\"}")]
    [InlineData("{\"type\":17}")]
    [InlineData("{\"no_type\":true}")]
    public void Hostile_or_unknown_lines_are_counted_and_change_nothing(string line)
    {
        var p = new StreamJsonParser();
        p.Feed(Init);
        p.Feed(line);
        p.Feed(Result);
        Assert.Equal(1, p.Skipped);
        Assert.Equal("The answer", p.Result!.Text);
    }

    [Fact]
    public void Wrong_types_and_impossible_numbers_read_as_absent()
    {
        var p = new StreamJsonParser();
        p.Feed("""{"type":"result","is_error":"yes","result":{"x":1},"num_turns":-3,"duration_ms":"12","total_cost_usd":-1,"usage":{"input_tokens":"9","output_tokens":1e300,"cache_read_input_tokens":-5,"cache_creation_input_tokens":2.5}}""");
        var r = p.Result!;
        Assert.False(r.IsError); // only JSON true is an error flag
        Assert.Null(r.Text);
        Assert.Null(r.CostUsd);
        Assert.Equal(0, r.Turns);
        Assert.Equal(0, r.DurationMs);
        Assert.Equal(0, r.Usage.InputTokens);
        Assert.Equal(0, r.Usage.OutputTokens);
        Assert.Equal(0, r.Usage.CacheReadTokens);
        Assert.Equal(2, r.Usage.CacheCreationTokens);
    }

    [Fact]
    public void Deep_nesting_and_huge_lines_are_skipped_not_thrown()
    {
        var p = new StreamJsonParser();
        p.Feed(new string('[', 10_000) + new string(']', 10_000));
        p.Feed("{\"type\":\"assistant\",\"message\":{\"content\":\"" + new string('x', StreamJsonParser.MaxLineChars) + "\"}}");
        p.Feed("");
        p.Feed("   ");
        Assert.Equal(2, p.Skipped);
        Assert.Null(p.LastAssistantText);
    }

    [Fact]
    public void An_error_result_is_kept_with_its_subtype()
    {
        var p = new StreamJsonParser();
        p.Feed("""{"type":"result","subtype":"error_max_turns","is_error":true,"num_turns":3,"session_id":"abc"}""");
        Assert.True(p.Result!.IsError);
        Assert.Equal("error_max_turns", p.Result.Subtype);
        Assert.Equal("abc", p.Result.SessionId);
    }

    [Fact]
    public void A_long_answer_is_cut()
    {
        var p = new StreamJsonParser();
        p.Feed("{\"type\":\"result\",\"result\":\"" + new string('a', StreamJsonParser.MaxTextChars + 10) + "\"}");
        Assert.StartsWith(new string('a', 100), p.Result!.Text);
        Assert.EndsWith("(cut: the answer was longer)", p.Result.Text);
    }

    [Theory]
    [InlineData("5f0c9a8e-1111-4222-8333-944455556666", true)]
    [InlineData("--dangerously-skip-permissions", false)]
    [InlineData("-r", false)]
    [InlineData("a b", false)]
    [InlineData("../../etc/passwd", false)]
    [InlineData("", false)]
    public void Only_plain_session_ids_are_ever_resumed(string id, bool valid) => Assert.Equal(valid, SessionMap.IsValidId(id));

    [Fact]
    public void A_hostile_session_id_in_a_line_is_not_passed_on_as_an_option()
    {
        var p = new StreamJsonParser();
        p.Feed("""{"type":"system","subtype":"init","session_id":"--dangerously-skip-permissions"}""");
        var args = ClaudeArguments.Build(new AgentChat.Bridge.Options.BridgeOptions(), "/tmp/mcp.json", p.SessionId);
        Assert.DoesNotContain("--dangerously-skip-permissions", args);
        Assert.DoesNotContain("--resume", args);
    }
}
