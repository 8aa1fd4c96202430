using System.Text.Json.Nodes;
using AgentChat.Bridge.Hosting;
using AgentChat.Bridge.Options;
using AgentChat.Bridge.Work;
using AgentChat.Configuration;
using AgentChat.Daemon.Hosting;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using EventId = AgentChat.Matrix.EventId;

namespace AgentChat.Tests.Bridge;

/// <summary>
/// A real Synapse, a shared room, a human with a raw Matrix client, the stand-in model, and <c>cchat bridge</c>
/// (in-process, or the published binary when a test must SIGKILL it) running the real <c>claude</c>.
/// </summary>
internal sealed class BridgeRig : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(6);

    private BridgeRig(SynapseServer server, TestUser human, TestUser bot, RoomId room, string alias, StandInModel model, string stateDir)
    {
        Server = server;
        Human = human;
        Bot = bot;
        Room = room;
        Alias = alias;
        Model = model;
        StateDir = stateDir;
    }

    public SynapseServer Server { get; }
    public TestUser Human { get; }
    public TestUser Bot { get; }
    public RoomId Room { get; }
    public string Alias { get; }
    public StandInModel Model { get; }
    public string StateDir { get; }
    public RunningBridge? Bridge { get; private set; }
    public CapturedLog Log { get; } = new();

    /// <summary>The pinned Claude Code that scripts/test.sh installs.</summary>
    public static string Claude =>
        Environment.GetEnvironmentVariable("AGENTCHAT_TEST_CLAUDE") is { Length: > 0 } p ? p : "/var/cache/agentchat/claude-code/node_modules/.bin/claude";

    public static async Task<BridgeRig> CreateAsync()
    {
        if (!File.Exists(Claude))
            throw new InvalidOperationException($"Claude Code is not installed at {Claude}: run `npm install --prefix /var/cache/agentchat/claude-code @anthropic-ai/claude-code` "
                                                + "(scripts/test.sh does), or set AGENTCHAT_TEST_CLAUDE");
        var server = await SynapseServer.GetAsync();
        var owner = await server.CreateUserAsync("human");
        var bot = await server.CreateUserAsync("bridge");
        var (room, alias) = await SharedRoom.CreateAsync(server, owner, bot);
        var stateDir = Path.Combine(Path.GetTempPath(), "agentchat-tests", "bridge-" + Guid.NewGuid().ToString("N")[..10]);
        return new BridgeRig(server, owner, bot, room, alias, await StandInModel.StartAsync(), stateDir);
    }

    /// <summary>What Claude Code needs to reach the stand-in, and nothing else on the network.</summary>
    public Dictionary<string, string> ClaudeEnvironment() => new()
    {
        ["HOME"] = StateDir,
        ["ANTHROPIC_BASE_URL"] = Model.Url.ToString().TrimEnd('/'),
        ["ANTHROPIC_API_KEY"] = "sk-test-stand-in",
        ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
        ["DISABLE_AUTOUPDATER"] = "1",
        ["DISABLE_TELEMETRY"] = "1",
        ["CLAUDE_CODE_MAX_RETRIES"] = "0",
    };

    public Dictionary<string, string> AgentEnvironment() => new()
    {
        ["AGENTCHAT_HOMESERVER"] = Server.Homeserver.ToString(),
        ["AGENTCHAT_USER_ID"] = Bot.UserId.Value,
        ["AGENTCHAT_ACCESS_TOKEN"] = Bot.AccessToken,
        ["AGENTCHAT_ROOM"] = Alias,
        ["AGENTCHAT_STATE_DIR"] = StateDir,
        ["XDG_RUNTIME_DIR"] = Path.Combine(StateDir, "run"),
    };

    public async Task<RunningBridge> StartAsync(Action<BridgeOptions>? configure = null)
    {
        var env = AgentEnvironment();
        var settings = SettingsLoader.Load(environment: k => env.GetValueOrDefault(k), configPath: Path.Combine(StateDir, "none.json"));
        var options = new BridgeOptions
        {
            Claude = Claude, CchatPath = Cchat.Binary, StatusAfter = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(150),
            ClaudeEnvironment = ClaudeEnvironment(),
        };
        configure?.Invoke(options);
        Bridge = await BridgeHost.StartAsync(settings, new DaemonOptions { Port = 0, SyncTimeout = TimeSpan.FromSeconds(10) }, options, l => l.AddProvider(Log), CancellationToken.None)
            .WaitAsync(Timeout);
        return Bridge;
    }

    public async Task StopAsync()
    {
        if (Bridge is { } b) await b.DisposeAsync();
        Bridge = null;
    }

    public Task<EventId> SayAsync(string text) => AgentChat.Tests.Matrix.MatrixTestRoom.SendTextAsync(Human.Client, Room, text);

    /// <summary>The human's post in a thread, as Element sends it.</summary>
    public Task<EventId> SayInThreadAsync(string root, string text)
    {
        var content = new JsonObject
        {
            ["msgtype"] = "m.text",
            ["body"] = text,
            ["m.relates_to"] = new JsonObject
            {
                ["rel_type"] = "m.thread", ["event_id"] = root, ["is_falling_back"] = true,
                ["m.in_reply_to"] = new JsonObject { ["event_id"] = root },
            },
        };
        return Human.Client.SendEventAsync(Room, "m.room.message", System.Text.Encoding.UTF8.GetBytes(content.ToJsonString()), Guid.NewGuid().ToString("N"))
            .WaitAsync(Timeout);
    }

    /// <summary>The thread's messages, oldest first, as the homeserver holds them.</summary>
    public async Task<IReadOnlyList<ChatMessage>> ThreadAsync(string root)
    {
        var (events, _) = await Human.Client.GetRelationsAsync(Room, new EventId(root), "m.thread", null, 100).WaitAsync(Timeout);
        return [.. MessageParser.ParseAll(events, Room, null, SenderDirectory.Empty).Reverse()];
    }

    /// <summary>The bridge's answers to <paramref name="source"/> in <paramref name="thread"/>.</summary>
    public async Task<IReadOnlyList<ChatMessage>> AnswersAsync(string thread, string source) =>
        [.. (await ThreadAsync(thread)).Where(m => m.Sender == Bot.UserId.Value && AnswerLedger.AnswerOf(m) == source)];

    public async Task<ChatMessage> AnswerAsync(string thread, string source) =>
        await Eventually.WaitAsync(async () => (await AnswersAsync(thread, source)).FirstOrDefault(), Timeout,
            $"the bridge's answer to {source}; the model saw {Model.Requests.Count} requests; the bridge's log:\n{Log.Tail()}");

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Model.DisposeAsync();
        try { Directory.Delete(StateDir, recursive: true); }
        catch (IOException) { }
    }
}
