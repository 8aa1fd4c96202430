using AgentChat.Cli.Agent;
using AgentChat.Decisions;
using AgentChat.Tasks;
using AgentChat.Verbs;

namespace AgentChat.Cli.Decisions;

/// <summary>
/// The decision verbs for the CLI and MCP: through the daemon's gateway when one answers, else the same
/// <see cref="DecisionService"/> over direct REST (waiting on a /sync long-poll of its own).
/// </summary>
internal sealed class DecisionAgent(AgentService agent, TimeProvider time)
{
    private DecisionService? _direct;
    private DirectDecisionFeed? _feed;

    public Task<DecisionAskResponse> AskAsync(DecisionAskRequest request, CancellationToken ct)
    {
        // one key per poll, made before the first attempt: a fallback after a gateway that died never asks twice
        request = request with { TxnId = request.TxnId ?? TxnId.New() };
        return agent.ViaAsync(g => g.AskDecisionAsync(request, ct), () => Direct.AskAsync(request, ct));
    }

    public Task<DecisionView> ShowAsync(string id, string? room, CancellationToken ct) =>
        agent.ViaAsync(g => g.DecisionAsync(id, room, ct), () => Direct.ShowAsync(id, room, ct));

    public Task<TaskMoveResponse> BlockAsync(string id, string task, string? note, CancellationToken ct)
    {
        var request = new DecisionBlockRequest { Task = task, Note = note, TxnId = TxnId.New() };
        return agent.ViaAsync(g => g.BlockOnDecisionAsync(id, request, ct), () => Direct.BlockAsync(id, request, ct));
    }

    /// <summary>
    /// Until an allowed answer, the poll's end or deadline, or <paramref name="timeout"/> (else the poll's deadline, else a day).
    /// Through a daemon in calls of at most five minutes each; a daemon that goes away leaves the rest of the wait to direct mode.
    /// </summary>
    public async Task<DecisionWaitResponse> WaitAsync(string id, string? room, TimeSpan? timeout, CancellationToken ct)
    {
        var end = time.GetUtcNow() + (timeout ?? DecisionService.DefaultWait);
        while (true)
        {
            var left = end - time.GetUtcNow();
            var chunk = (int)Math.Clamp(Math.Ceiling(left.TotalSeconds), 0, 300);
            var waited = await agent.ViaAsync(
                g => g.WaitDecisionAsync(id, room, chunk, ct),
                () => DirectWaitAsync(id, room, timeout is null ? null : left, ct));
            if (!waited.TimedOut || waited.Decision.State != DecisionStates.Open || time.GetUtcNow() >= end) return waited;
        }
    }

    private async Task<DecisionWaitResponse> DirectWaitAsync(string id, string? room, TimeSpan? left, CancellationToken ct)
    {
        var direct = Direct;
        var feed = _feed ??= new DirectDecisionFeed(agent.Direct.Client);
        await feed.StartAsync(await new DirectDecisionRoom(agent.Direct, time).RoomOfAsync(id, room, ct), ct);
        return await direct.WaitAsync(id, room, left, feed.NextAsync, ct);
    }

    private DecisionService Direct => _direct ??= new DecisionService(new DirectDecisionRoom(agent.Direct, time), time);
}
