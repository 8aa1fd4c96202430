using System.Text.Json;
using AgentChat.Daemon.Outbox;
using AgentChat.Daemon.Receipts;
using AgentChat.Daemon.Registry;
using AgentChat.Gateway;
using AgentChat.LoopGuard;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Verbs;
using Microsoft.Extensions.Logging;
using AgentChat.Hosting.Registry;

namespace AgentChat.Daemon.LoopGuard;

/// <summary>
/// The loop guard on every send (<c>POST /send</c>, task moves): stamps <c>meta.hops</c>, refuses an automated message past the agent's
/// budget in its room or thread with 429 <c>loop_guard</c>, and posts the one notice that tells the humans.
/// Status messages pass: they are <c>m.notice</c>, which agents never answer.
/// </summary>
internal sealed partial class LoopGuardGate(
    ConversationWatch watch, OutboxSender outbox, MatrixClient client, RegistryState registry, DaemonIdentity identity, DaemonOptions options, ILogger<LoopGuardGate> logger)
{
    /// <summary>The scope of direct messages to a user with no direct room yet: the first ones still hold slots.</summary>
    private const string DirectPlaceholder = "dm:";

    /// <summary>
    /// The request with <c>meta.hops</c>. A parent this daemon has not seen yet (a reply sent the moment the other
    /// agent's message landed, before /sync brought it) is read from the homeserver, within <paramref name="budget"/>.
    /// </summary>
    public async Task<SendRequest> WithHopsAsync(SendRequest request, string? room, TimeSpan budget, CancellationToken ct)
    {
        if (request.Meta is { ValueKind: not JsonValueKind.Object and not JsonValueKind.Null }) return request; // the send rules refuse it
        var hops = watch.NextHops(request.ReplyTo, request.Thread);
        if (hops is null && (request.ReplyTo ?? request.Thread) is { } parent && parent.StartsWith('$') && room is not null && room.StartsWith('!'))
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
            bounded.CancelAfter(budget);
            try
            {
                var roomId = new RoomId(room);
                var e = await client.GetEventAsync(roomId, new AgentChat.Matrix.EventId(parent), bounded.Token);
                if (MessageParser.TryParse(e, roomId, null, registry.Senders) is { } m)
                {
                    watch.Learn(new Observed(m, e.ContentString("msgtype") == "m.notice"));
                    hops = watch.NextHops(request.ReplyTo, request.Thread);
                }
            }
            catch (Exception e) when (e is MatrixException or JsonException || e is OperationCanceledException && !ct.IsCancellationRequested)
            {
                // unknown parent: counted as hop 0
            }
        }
        return request with { Meta = MetaFields.With(request.Meta, Observed.HopsField, hops ?? 1) };
    }

    /// <summary>
    /// Null when the send is not guarded (a status message, an alias that did not resolve in time); the slot it holds
    /// otherwise; the 429 <c>loop_guard</c> when it answers another agent past the budget. A direct message is guarded
    /// in the direct room this daemon last sent to that user in, else the one <c>m.direct</c> lists.
    /// </summary>
    public async Task<LoopSlot?> CheckAsync(SendRequest request, SendPlan plan, string? target, CancellationToken ct)
    {
        if (request.Kind == MessageKind.Status) return null;
        var directTo = plan.DirectTo?.Value;
        if (directTo is not null) target = watch.DirectRoomOf(directTo) ?? await ListedDirectRoomAsync(directTo, ct) ?? DirectPlaceholder + directTo;
        if (target is null || !(target.StartsWith('!') || target.StartsWith(DirectPlaceholder, StringComparison.Ordinal))) return null;
        var scope = LoopScope.Of(target, request.Thread);
        var toAgent = directTo is not null && !registry.Senders.IsHuman(directTo);
        var (counts, allowed, postNotice) = watch.CheckBudget(scope, request.ReplyTo, plan.Mentions ?? [], toAgent);
        if (allowed) return new LoopSlot(scope, counts);
        if (postNotice && target.StartsWith('!')) PostNotice(scope);
        LogRefused(logger, scope.RoomId, scope.Thread ?? "(main timeline)");
        throw new VerbException(429, "loop_guard",
            $"loop guard: {identity.Instance} has sent {watch.Settings.LoopBudget} automated messages answering other agents in {scope} since the last human message, "
            + "so it stops here; it may send again once a human writes there (or sends `!agentchat resume`). Status messages and messages answering no agent still pass");
    }

    /// <summary>The send did not reach the room now (failed, or queued: counted when /sync brings it): its slot goes back.</summary>
    public void Release(LoopSlot? slot)
    {
        if (slot is { Counts: true } s) watch.Release(s.Scope);
    }

    public void Delivered(SendOutcome.Delivered delivered, SendRequest request, string? directTo, LoopSlot? slot) =>
        watch.Delivered(delivered.EventId, delivered.RoomId, request.Thread, slot is { Counts: true } s ? s.Scope : null, slot?.Counts == true,
            request.Kind == MessageKind.Status, directTo,
            request.Meta is { ValueKind: JsonValueKind.Object } meta && meta.TryGetProperty(Observed.HopsField, out var h) && h.ValueKind == JsonValueKind.Number && h.TryGetInt32(out var n) ? n : null);

    /// <summary>A direct room with <paramref name="userId"/> that <c>m.direct</c> lists (the newest), within the lookup budget; null when none or no answer.</summary>
    private async Task<string?> ListedDirectRoomAsync(string userId, CancellationToken ct)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(options.LookupBudget);
        try
        {
            var direct = await client.GetDirectRoomsAsync(identity.UserId, bounded.Token);
            return direct.TryGetValue(userId, out var listed) && listed.Count > 0 ? listed[^1] : null;
        }
        catch (Exception e) when (e is MatrixException or HttpRequestException || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private void PostNotice(LoopScope scope)
    {
        var where = scope.Thread is null ? "this room" : "this thread";
        var text = $"Loop guard: agent **{identity.Instance}** has sent {watch.Settings.LoopBudget} automated messages in {where} since the last human message and has stopped. "
                   + $"To let the agents go on, write any message here, or send `{LoopBudget.ResumeCommand}`" + (scope.Thread is null ? " (in the room: it resumes every thread too)." : ".")
                   + " Agents: this is a notice, do not reply to it.";
        try
        {
            var content = MessageComposer.Compose(new OutgoingMessage
            {
                Text = text,
                Kind = MessageKind.Status,
                Instance = identity.Instance,
                Thread = scope.Thread is { } t ? new AgentChat.Matrix.EventId(t) : null,
                Meta = MetaFields.With(null, Observed.NoticeField, Observed.LoopGuardNotice),
            });
            outbox.Accept(TxnId.New(), scope.RoomId, null, content); // on disk now; the outbox delivers it
        }
        catch (OutboxSaveException e)
        {
            LogNoticeFailed(logger, scope.RoomId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "loop guard: refused a send in {Room} ({Thread}): the budget is spent until a human writes there")]
    private static partial void LogRefused(ILogger logger, string room, string thread);

    [LoggerMessage(Level = LogLevel.Warning, Message = "loop guard: could not queue the notice in {Room}: {Reason}")]
    private static partial void LogNoticeFailed(ILogger logger, string room, string reason);
}
