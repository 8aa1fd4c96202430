using System.Text;
using System.Text.Json.Nodes;
using AgentChat.Bridge.Hosting;
using AgentChat.Bridge.Options;
using AgentChat.Bridge.Work;
using AgentChat.Configuration;
using AgentChat.Daemon;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;
using AgentChat.Tests.ClaudeCode;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;
using AgentChat.Tests.Matrix;
using Microsoft.Extensions.Logging;
using EventId = AgentChat.Matrix.EventId;

namespace AgentChat.Tests.Bridge.EndToEnd;

/// <summary>
/// A real Synapse, a shared room, a human on a raw Matrix client, the scripted stand-in model, and <c>cchat bridge</c>
/// (in-process, or the published binary through <see cref="PublishedBridge"/>) running the pinned real <c>claude</c>
/// in a <see cref="ClaudeHome"/> whose model is the stand-in. The stand-in answers every main request with what
/// <see cref="Respond"/> says for it.
/// </summary>
internal sealed class BridgeRig : IAsyncDisposable
{
    /// <summary>One wait for the bridge (a real <c>claude</c> run on a loaded 2-core machine); it fails loudly when it passes.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    private const int ScriptedTurns = 2000;

    private BridgeRig(SynapseServer server, TestUser human, TestUser bot, RoomId room, string alias, StandInModel model, ClaudeHome home, string stateDir)
    {
        Server = server;
        Human = human;
        Bot = bot;
        Room = room;
        Alias = alias;
        Model = model;
        Home = home;
        StateDir = stateDir;
    }

    public SynapseServer Server { get; }
    public TestUser Human { get; }
    public TestUser Bot { get; }
    public RoomId Room { get; }
    public string Alias { get; }
    public StandInModel Model { get; }
    public ClaudeHome Home { get; }
    public string StateDir { get; }
    public RunningBridge? Bridge { get; private set; }
    public CapturedLog Log { get; } = new();

    /// <summary>What the stand-in answers to a main-conversation request; a test sets it before it asks.</summary>
    public Func<ModelRequest, Task<ModelTurn>> Respond { get; set; } = _ => Task.FromResult(ModelTurn.Say("Done."));

    public static async Task<BridgeRig> CreateAsync()
    {
        _ = ClaudeCodeInstall.Executable; // fails with the install command when the pinned claude is missing
        var server = await SynapseServer.GetAsync();
        var human = await server.CreateUserAsync("human");
        var bot = await server.CreateUserAsync("bridge");
        var (room, alias) = await SharedRoom.CreateAsync(server, human, bot);
        var model = await StandInModel.StartAsync();
        var home = ClaudeHome.Create(server, bot, alias, model);
        var rig = new BridgeRig(server, human, bot, room, alias, model, home, Path.Combine(home.Root, "bridge-state"));
        for (var i = 0; i < ScriptedTurns; i++) model.Script(r => rig.Respond(r));
        return rig;
    }

    /// <summary>Answers every main request with <paramref name="turn"/>.</summary>
    public void RespondWith(Func<ModelRequest, ModelTurn> turn) => Respond = r => Task.FromResult(turn(r));

    /// <summary>The bridge's account and state, as its environment carries them.</summary>
    public Dictionary<string, string> AgentEnvironment() => new()
    {
        ["AGENTCHAT_HOMESERVER"] = Server.Homeserver.ToString(),
        ["AGENTCHAT_USER_ID"] = Bot.UserId.Value,
        ["AGENTCHAT_ACCESS_TOKEN"] = Bot.AccessToken,
        ["AGENTCHAT_ROOM"] = Alias,
        ["AGENTCHAT_STATE_DIR"] = StateDir,
        ["XDG_RUNTIME_DIR"] = Path.Combine(StateDir, "run"),
    };

    /// <summary>Claude Code's environment: the home's (HOME, PATH, the stand-in's URL and key, no telemetry).</summary>
    public Dictionary<string, string> ClaudeEnvironment() =>
        Home.Environment().Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);

    /// <summary>Starts the bridge in this process (its log captured) and returns once it serves.</summary>
    public async Task<RunningBridge> StartAsync(Action<BridgeOptions>? configure = null)
    {
        var env = AgentEnvironment();
        var settings = SettingsLoader.Load(environment: k => env.GetValueOrDefault(k), configPath: Path.Combine(StateDir, "none.json"));
        var options = new BridgeOptions
        {
            Claude = ClaudeCodeInstall.Executable, CchatPath = Cchat.Binary, WorkDir = Home.Project,
            StatusAfter = TimeSpan.FromSeconds(1), Timeout = Timeout, ClaudeEnvironment = ClaudeEnvironment(),
        };
        configure?.Invoke(options);
        Bridge = await BridgeHost.StartAsync(settings, new DaemonOptions { Port = 0, SyncTimeout = TimeSpan.FromSeconds(10) }, options,
            l => l.AddProvider(Log), CancellationToken.None).WaitAsync(Timeout);
        return Bridge;
    }

    public async Task StopAsync()
    {
        if (Bridge is { } b) await b.DisposeAsync().AsTask().WaitAsync(Timeout);
        Bridge = null;
    }

    public Task<EventId> SayAsync(string text) => MatrixTestRoom.SendTextAsync(Human.Client, Room, text);

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
        return Human.Client.SendEventAsync(Room, "m.room.message", Encoding.UTF8.GetBytes(content.ToJsonString()), Guid.NewGuid().ToString("N"))
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

    /// <summary>Waits for the bridge's answer to <paramref name="source"/> (<paramref name="log"/>: a published bridge's log).</summary>
    public Task<ChatMessage> AnswerAsync(string thread, string source, Func<string>? log = null) =>
        UntilAsync(async () => (await AnswersAsync(thread, source)).FirstOrDefault(), $"the bridge's answer to {source}", log);

    /// <summary>
    /// <see cref="Eventually.WaitAsync{T}"/>, failing with the model's requests and the bridge's log as they are when the
    /// wait gives up (<paramref name="log"/> for a published bridge; else the in-process one's).
    /// </summary>
    public async Task<T> UntilAsync<T>(Func<Task<T?>> condition, string what, Func<string>? log = null) where T : class
    {
        try
        {
            return await Eventually.WaitAsync(condition, Timeout, what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; the model saw:\n{Model.Describe()}\nthe bridge's log:\n{log?.Invoke() ?? Log.Tail()}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            await Model.DisposeAsync();
            await Home.DisposeAsync();
        }
    }
}
