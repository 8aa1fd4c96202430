using AgentChat.Daemon.LoopGuard;
using AgentChat.Daemon.Outbox;
using AgentChat.Daemon.Registry;
using AgentChat.Daemon.Rooms;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Rooms;
using AgentChat.Verbs;
using Microsoft.Extensions.Hosting;
using AgentChat.Hosting.Rooms;
using AgentChat.Hosting.Registry;
using AgentChat.Hosting.Sync;

namespace AgentChat.Daemon.Send;

/// <summary>
/// The daemon's one way to send a message, for <c>POST /send</c> and every task message alike: <c>meta.hops</c>
/// stamped, the core's send rule, the destination resolved, the loop guard's budget checked, the message written
/// to the outbox on disk, then a wait for the homeserver — answered as soon as it has the event, queued when it
/// cannot have it within the send wait, and queued at once when the daemon is stopping (the message is on disk
/// and goes out after the restart), when sync knows the homeserver cannot be reached, or when the destination's lane
/// holds a message that could not go out. The send wait bounds the whole request, lookups included. Every refusal is a <see cref="VerbException"/> with the gateway's status and
/// code, decided here once.
/// </summary>
internal sealed class OutboxSend(
    SendPlanner planner, OutboxSender outbox, RoomResolver resolver, FollowedRooms rooms, RegistryState registry, LoopGuardGate gate,
    DaemonIdentity identity, DaemonOptions options, SyncHealth health, IHostApplicationLifetime lifetime, TimeProvider time)
{
    public async Task<OutboxSent> SendAsync(SendRequest request, CancellationToken ct)
    {
        // One bound for the whole request, every lookup and the wait for the homeserver; none at all when sync
        // already knows the homeserver cannot be reached: then lookups are skipped and the message queues at once.
        var budget = new LookupBudget(time, options.LookupBudget, health.Unreachable ? TimeSpan.Zero : options.SendWait);
        request = await gate.WithHopsAsync(request, request.Dm is null ? request.Room ?? rooms.SharedRoomOrNull?.Value : null, budget.Next(), ct);
        var plan = await planner.PlanAsync(request, (fresh, c) => registry.ReadAsync(fresh, c, budget.Next()), ct, budget);
        var directTo = plan.DirectTo?.Value;
        var target = directTo is null ? await ResolveTargetAsync(plan.Room, budget.Next(), ct) : null;
        var slot = await gate.CheckAsync(request, plan, target, ct); // a send answering an agent holds a slot of the budget until counted
        try
        {
            return await SendCheckedAsync(request, plan, target, directTo, slot, budget, ct);
        }
        catch
        {
            gate.Release(slot);
            throw;
        }
    }

    private async Task<OutboxSent> SendCheckedAsync(SendRequest request, SendPlan plan, string? target, string? directTo, LoopSlot? slot, LookupBudget budget, CancellationToken ct)
    {
        PendingSend pending;
        try
        {
            pending = outbox.Accept(plan.TxnId, target, directTo, plan.Content, budget.Remaining);
        }
        catch (OutboxSaveException e)
        {
            throw NotSaved(e.Message);
        }
        // The outbox answers within SendWait (outcome or queued); the extra second only guards against a bug there.
        using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping))
        {
            await Task.WhenAny(pending.Outcome, pending.Queued, Task.Delay(budget.Remaining + TimeSpan.FromSeconds(1), time, waiting.Token));
            await waiting.CancelAsync(); // no timer left behind per request
        }
        var warnings = plan.Warnings.Count > 0 ? plan.Warnings : null;
        // Queued only once durable. The disk refused it: 507 only when no PUT ever went out for it; once one did, it
        // might land, so the outbox keeps retrying it (in memory) under its transaction id and this answers queued.
        if (!pending.Outcome.IsCompleted && (await pending.Saved || !outbox.Withdraw(pending)) && !pending.Outcome.IsCompleted)
        {
            gate.Release(slot); // queued: counted when /sync brings it back
            return new OutboxSent(plan.TxnId, null, warnings);
        }
        switch (await pending.Outcome)
        {
            case SendOutcome.Delivered delivered:
                gate.Delivered(delivered, request, directTo, slot);
                return new OutboxSent(plan.TxnId, delivered, warnings);
            case SendOutcome.Refused { Error: var e }:
                throw Refused(e);
            case SendOutcome.NotSaved { Reason: var reason }:
                throw NotSaved(reason);
            default:
                throw new InvalidOperationException("unknown send outcome");
        }
    }

    /// <summary>
    /// A room the daemon follows; an unknown one is a 404 now, not a failure later. Unreachable, or no answer
    /// within the lookup budget: the name as given, resolved at delivery.
    /// </summary>
    private async Task<string> ResolveTargetAsync(string? room, TimeSpan wait, CancellationToken ct)
    {
        var name = room ?? identity.SharedRoom;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(wait);
        try
        {
            var id = room is null && rooms.SharedRoomOrNull is { } shared ? shared : await resolver.ResolveRoomAsync(name, bounded.Token);
            if (!rooms.IsFollowed(id)) throw new VerbException(404, "unknown_room", $"this agent is not in {name}: invite it, or name a room it is in");
            return id.Value;
        }
        catch (MatrixException e) when (e.ErrCode == MatrixErrorCodes.NotFound)
        {
            throw new VerbException(404, "unknown_room", $"no room {name} on the homeserver");
        }
        catch (MatrixException e) when (e.IsTransient)
        {
            return name;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return name;
        }
    }

    /// <summary>The homeserver refused the message for good: what the gateway answers for each reason.</summary>
    private static VerbException Refused(MatrixException e) => e.ErrCode switch
    {
        MatrixErrorCodes.Forbidden => new VerbException(403, "forbidden", e.Message),
        MatrixErrorCodes.NotFound => new VerbException(404, "unknown_room", e.Message),
        MatrixErrorCodes.TooLarge => new VerbException(413, "too_large", e.Message),
        _ => new VerbException(502, "homeserver_refused", e.Message),
    };

    private static VerbException NotSaved(string reason) =>
        new(507, "outbox_unavailable",
            $"{reason}; the message was not sent and is not queued: free space on the daemon's state disk or fix its permissions, then send again");
}
