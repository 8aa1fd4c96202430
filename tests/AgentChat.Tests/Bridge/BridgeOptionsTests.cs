using AgentChat.Bridge.Claude;
using AgentChat.Bridge.Options;
using AgentChat.Configuration;

namespace AgentChat.Tests.Bridge;

public sealed class BridgeOptionsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "agentchat-tests", "bridgeopts-" + Guid.NewGuid().ToString("N")[..10]);

    private AgentChatSettings Settings(Dictionary<string, string> env, string? config = null)
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "config.json");
        if (config is not null) File.WriteAllText(path, config);
        return SettingsLoader.Load(environment: k => env.GetValueOrDefault(k), configPath: path);
    }

    [Fact]
    public void Defaults_are_read_only_tools_one_at_a_time()
    {
        var o = BridgeOptionsLoader.Load(Settings([]), new BridgeFlags());
        Assert.Equal(1, o.Concurrency);
        Assert.Equal(["Read", "Grep", "Glob", "LS", "mcp__cchat__*"], o.AllowedTools);
        Assert.Equal("default", o.PermissionMode);
        Assert.Equal("claude", o.Claude);
        Assert.Equal(TimeSpan.FromMinutes(10), o.Timeout);
        Assert.Null(o.Model);
    }

    [Fact]
    public void Flags_beat_the_environment_which_beats_the_file()
    {
        var settings = Settings(new() { ["AGENTCHAT_BRIDGE_CONCURRENCY"] = "3", ["AGENTCHAT_BRIDGE_MODEL"] = "opus", ["AGENTCHAT_BRIDGE_ALLOW"] = ":friends" },
            """{"homeserver":"http://x","bridge":{"concurrency":2,"max_turns":7,"model":"haiku","allowed_tools":["Read"],"timeout_seconds":30,"unknown":1}}""");
        var o = BridgeOptionsLoader.Load(settings, new BridgeFlags { Model = "sonnet" });
        Assert.Equal(3, o.Concurrency);
        Assert.Equal(7, o.MaxTurns);
        Assert.Equal("sonnet", o.Model);
        Assert.Equal(["Read"], o.AllowedTools);
        Assert.Equal(TimeSpan.FromSeconds(30), o.Timeout);
        Assert.Equal(":friends", o.Allow);

        var args = ClaudeArguments.Build(o, "/s/mcp.json", "sess-1");
        Assert.Equal(["-p", "--output-format", "stream-json", "--verbose", "--mcp-config", "/s/mcp.json", "--strict-mcp-config",
            "--allowedTools", "Read", "--permission-mode", "default", "--max-turns", "7", "--model", "sonnet", "--resume", "sess-1"], args);
    }

    [Theory]
    [InlineData("AGENTCHAT_BRIDGE_CONCURRENCY", "0", "AGENTCHAT_BRIDGE_CONCURRENCY must be a whole number from 1 to 64")]
    [InlineData("AGENTCHAT_BRIDGE_PERMISSION_MODE", "yolo", "AGENTCHAT_BRIDGE_PERMISSION_MODE must be one of")]
    [InlineData("AGENTCHAT_BRIDGE_MODEL", "--dangerously-skip-permissions", "AGENTCHAT_BRIDGE_MODEL must be a model name")]
    [InlineData("AGENTCHAT_BRIDGE_ALLOWED_TOOLS", "Read,--x", "AGENTCHAT_BRIDGE_ALLOWED_TOOLS must be a comma-separated list")]
    [InlineData("AGENTCHAT_BRIDGE_WORKDIR", "/no/such/dir", "AGENTCHAT_BRIDGE_WORKDIR must be an existing directory")]
    [InlineData("AGENTCHAT_BRIDGE_MAX_BUDGET_USD", "-1", "AGENTCHAT_BRIDGE_MAX_BUDGET_USD must be a positive amount")]
    public void A_bad_value_stops_the_start_naming_where_it_came_from(string variable, string value, string message)
    {
        var e = Assert.Throws<SettingsException>(() => BridgeOptionsLoader.Load(Settings(new() { [variable] = value }), new BridgeFlags()));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void A_broken_bridge_section_says_which_file()
    {
        var e = Assert.Throws<SettingsException>(() => BridgeOptionsLoader.Load(Settings([], """{"bridge":{"concurrency":"many"}}"""), new BridgeFlags()));
        Assert.Contains("config.json", e.Message);
    }

    [Theory]
    [InlineData("API Error: 401 invalid x-api-key sk-ant-api03-SECRETSECRET", "sk-ant")]
    [InlineData("Authorization: Bearer abcdefghijklmnop", "abcdefghijklmnop")]
    [InlineData("token=syt_c2VjcmV0_abc", "syt_")]
    [InlineData("api_key: \"hunter2hunter2\"", "hunter2")]
    public void Errors_lose_anything_like_a_secret_before_a_room_sees_them(string text, string secret)
    {
        var line = Redaction.OneLine(text + "\n  at Foo.Bar()\n", 300);
        Assert.DoesNotContain(secret, line);
        Assert.DoesNotContain("\n", line);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
