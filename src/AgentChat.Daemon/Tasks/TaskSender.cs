using AgentChat.Daemon.Hosting;
using AgentChat.Daemon.Outbox;
using AgentChat.Daemon.Receipts;
using AgentChat.Gateway;
using AgentChat.Hosting.Registry;
using AgentChat.Hosting.Rooms;
using AgentChat.Tasks;
using AgentChat.Verbs;

namespace AgentChat.Daemon.Tasks;

/// <summary>
/// Sends a task message into the shared room the way /send does: hops stamped and the loop guard's budget checked,
/// the core's send rule, then the outbox on disk.
/// </summary>
internal sealed class TaskSender(
    SendPlanner planner, OutboxSender outbox, FollowedRooms rooms, RegistryState registry, DaemonIdentity identity, DaemonOptions options, TimeProvider time,
    LoopGuardGate gate)
{
    public async Task<TaskSent> SendAsync(SendRequest request, CancellationToken ct)
    {
        request = await gate.WithHopsAsync(request, rooms.SharedRoomOrNull?.Value, options.LookupBudget, ct);
        var plan = await planner.PlanAsync(request, (fresh, c) => registry.ReadAsync(fresh, c, options.LookupBudget), ct);
        var room = rooms.SharedRoomOrNull ?? throw new VerbException(503, "shared_room_unavailable", $"the daemon is not in the shared room {identity.SharedRoom} yet");
        if (gate.Refusal(request, room.Value) is { } refused) throw refused;
        var warnings = plan.Warnings.Count > 0 ? plan.Warnings : null;
        PendingSend pending;
        try
        {
            pending = outbox.Accept(plan.TxnId, room.Value, null, plan.Content);
        }
        catch (OutboxSaveException e)
        {
            throw new VerbException(507, "outbox_unavailable", $"{e.Message}; nothing was sent: free space on the daemon's state disk, then try again");
        }
        using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            await Task.WhenAny(pending.Outcome, pending.Queued, Task.Delay(options.SendWait + TimeSpan.FromSeconds(1), time, waiting.Token));
            await waiting.CancelAsync();
        }
        if (!pending.Outcome.IsCompleted) return new TaskSent(null, plan.TxnId, true, warnings);
        if (await pending.Outcome is SendOutcome.Delivered delivered) gate.Delivered(delivered, request, null);
        return await pending.Outcome switch
        {
            SendOutcome.Delivered d => new TaskSent(d.EventId.Value, plan.TxnId, false, warnings),
            SendOutcome.Refused { Error: var e } => throw new VerbException(502, "homeserver_refused", e.Message),
            SendOutcome.NotSaved { Reason: var reason } => throw new VerbException(507, "outbox_unavailable", reason),
            _ => throw new InvalidOperationException("unknown send outcome"),
        };
    }
}
