using System.Text;
using System.Text.Json;
using AgentChat.Matrix;
using AgentChat.Tasks;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Tasks;

/// <summary>A human (listed by <c>cchat setup --human</c>), two agents alpha and beta with daemons, and a raw view of the room.</summary>
internal sealed class TaskRoom : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private TaskRoom(SynapseServer server, TestUser human, TestUser alpha, TestUser beta, string room, RoomId roomId)
    {
        Server = server;
        Human = human;
        Alpha = alpha;
        Beta = beta;
        Room = room;
        RoomId = roomId;
    }

    public SynapseServer Server { get; }
    public TestUser Human { get; }
    public TestUser Alpha { get; }
    public TestUser Beta { get; }
    public string Room { get; }
    public RoomId RoomId { get; }
    public TestDaemon? AlphaDaemon { get; set; }
    public TestDaemon? BetaDaemon { get; set; }

    public static async Task<TaskRoom> StartAsync(bool daemons = true, params TestUser[] moreAgents)
    {
        var server = await SynapseServer.GetAsync().WaitAsync(TimeSpan.FromMinutes(8));
        var human = await server.CreateUserAsync("human");
        var alpha = await server.CreateUserAsync("alpha");
        var beta = await server.CreateUserAsync("beta");
        var room = CliJson.RandomRoom(server.ServerName);
        using (var setup = Cchat.For(server, human, room))
        {
            var args = new List<string> { "setup", "--human", human.UserId.Value, "--invite", alpha.UserId.Value, "--invite", beta.UserId.Value };
            foreach (var more in moreAgents) args.AddRange(["--invite", more.UserId.Value]);
            await setup.OkAsync([.. args]);
        }
        var roomId = await human.Client.ResolveAliasAsync(new RoomAlias(room)).WaitAsync(Timeout);
        var taskRoom = new TaskRoom(server, human, alpha, beta, room, roomId);
        if (daemons) await taskRoom.StartDaemonsAsync();
        return taskRoom;
    }

    public async Task StartDaemonsAsync(string? alphaState = null, string? betaState = null, IReadOnlyDictionary<string, string>? env = null)
    {
        AlphaDaemon = await TestDaemon.StartAsync(Server, Alpha, Room, alphaState, env: env);
        BetaDaemon = await TestDaemon.StartAsync(Server, Beta, Room, betaState, env: env);
        // both have joined and registered: each sees the other in the registry
        foreach (var (daemon, other) in new[] { (AlphaDaemon, Beta), (BetaDaemon, Alpha) })
            await Eventually.WaitAsync(async () =>
            {
                using var r = await daemon.Http.GetAsync("/who");
                var body = await r.Content.ReadAsStringAsync();
                return r.IsSuccessStatusCode && body.Contains(other.UserId.Value, StringComparison.Ordinal) ? body : null;
            }, Timeout, $"{daemon.User.UserId} sees {other.UserId} registered");
    }

    public async Task RestartDaemonsAsync()
    {
        var (alphaState, betaState) = (AlphaDaemon!.StateDir, BetaDaemon!.StateDir);
        await AlphaDaemon.DisposeAsync();
        await BetaDaemon.DisposeAsync();
        await StartDaemonsAsync(alphaState, betaState);
    }

    /// <summary>The agent's CLI in direct mode (no daemon), or through its daemon's gateway.</summary>
    public Cchat Cli(TestUser user, TestDaemon? via = null)
    {
        var cchat = Cchat.For(Server, user, Room);
        if (via is not null)
        {
            cchat.Env["AGENTCHAT_GATEWAY"] = via.Daemon.Gateway.ToString();
            cchat.Env["AGENTCHAT_GATEWAY_TOKEN"] = via.Daemon.Token;
        }
        return cchat;
    }

    /// <summary>What a human's client sends: plain text, optionally as a reply in a thread.</summary>
    public Task<EventId> HumanSaysAsync(string text, string? thread = null, TestUser? as_ = null, string? extraContent = null, RoomId? in_ = null)
    {
        var relation = thread is null ? "" : $$$""","m.relates_to":{"rel_type":"m.thread","event_id":"{{{thread}}}","is_falling_back":true,"m.in_reply_to":{"event_id":"{{{thread}}}"}}""";
        var content = $$"""{"msgtype":"m.text","body":"{{JsonEncodedText.Encode(text)}}"{{relation}}{{extraContent ?? ""}}}""";
        return (as_ ?? Human).Client.SendEventAsync(in_ ?? RoomId, "m.room.message", Encoding.UTF8.GetBytes(content), "t" + Guid.NewGuid().ToString("N")).WaitAsync(Timeout);
    }

    /// <summary>The raw observer: the thread's replies as plain Matrix events, oldest first, read with the human's own client.</summary>
    public async Task<List<MatrixEvent>> RawThreadAsync(string root, RoomId? in_ = null)
    {
        var page = await Human.Client.GetMessagesAsync(in_ ?? RoomId, null, Direction.Backward, 500).WaitAsync(Timeout);
        return page.Chunk.Reverse().Where(e => e.Type == "m.room.message" && e.Content.TryGetProperty("m.relates_to", out var rel)
                                               && rel.TryGetProperty("rel_type", out var type) && type.GetString() == "m.thread"
                                               && rel.TryGetProperty("event_id", out var id) && id.GetString() == root).ToList();
    }

    public static string? RawState(MatrixEvent e) =>
        e.Content.TryGetProperty("com.aiagentchat.meta", out var meta) && meta.TryGetProperty("task", out var task)
        && task.ValueKind == JsonValueKind.Object && task.TryGetProperty("state", out var s) ? s.GetString() : null;

    /// <summary>The event a raw event replies to (<c>m.in_reply_to</c>), thread fallbacks included.</summary>
    public static string? RawReplyTo(MatrixEvent e) =>
        e.Content.TryGetProperty("m.relates_to", out var rel) && rel.TryGetProperty("m.in_reply_to", out var to)
        && to.TryGetProperty("event_id", out var id) ? id.GetString() : null;

    public static string Json(TaskView task) => JsonSerializer.Serialize(task, TasksJsonContext.Default.TaskView);

    public static TaskResponse Show(string json) => JsonSerializer.Deserialize(json, TasksJsonContext.Default.TaskResponse)!;

    public static TaskMoveResponse Moved(string json) => JsonSerializer.Deserialize(json, TasksJsonContext.Default.TaskMoveResponse)!;

    public static TaskListResponse List(string json) => JsonSerializer.Deserialize(json, TasksJsonContext.Default.TaskListResponse)!;

    public async ValueTask DisposeAsync()
    {
        if (AlphaDaemon is not null) await AlphaDaemon.DisposeAsync();
        if (BetaDaemon is not null) await BetaDaemon.DisposeAsync();
    }
}
