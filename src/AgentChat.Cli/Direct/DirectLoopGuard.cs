using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.LoopGuard;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;
using AgentChat.Verbs;

namespace AgentChat.Cli.Direct;

/// <summary>
/// The loop guard in direct mode, under the same core rules as the daemon: the room's latest page of history
/// is replayed into a <see cref="LoopBudget"/> and a <see cref="HopBook"/>, so a session without a daemon gets
/// the same <c>meta.hops</c> and the same 429 <c>loop_guard</c> (and posts the one notice, unless one is there).
/// </summary>
internal sealed class DirectLoopGuard(MatrixClient client, UserId self, string instance, GuardSettings settings)
{
    private const int HistoryPage = 100;

    /// <summary>The request with <c>meta.hops</c>; throws the 429 when the budget in the room or thread is spent.</summary>
    public async Task<SendRequest> CheckAsync(SendRequest request, RoomId room, SenderDirectory senders, CancellationToken ct)
    {
        if (request.Meta is { ValueKind: not JsonValueKind.Object and not JsonValueKind.Null }) return request; // the send rules refuse it
        var page = await client.GetMessagesAsync(room, null, Direction.Backward, HistoryPage, ct: ct);
        var events = page.Chunk.Reverse().ToList();
        var budget = new LoopBudget(settings.LoopBudget);
        var hops = new HopBook();
        var answers = new AnswerBook();
        Func<string, bool> isAgent = u => !senders.IsHuman(u);
        foreach (var o in Observed.Pair(events, MessageParser.ParseAll(events, room, null, senders).ToList()))
        {
            budget.Observe(o, answers.Observe(o, isAgent));
            hops.Observe(o);
        }
        var parent = request.ReplyTo ?? request.Thread;
        if (parent is not null && hops.HopsOf(parent) is null && parent.StartsWith('$'))
        {
            var found = await ParentAsync(room, parent, senders, ct);
            hops.Observe(found ?? new Observed(Placeholder(parent, room), false));
            if (found is { Notice: false, Message: { Human: false } p }) answers.Record(p.EventId, LoopScope.Of(p.RoomId, p.Thread), p.Sender);
        }
        request = request with { Meta = MetaFields.With(request.Meta, Observed.HopsField, hops.Next(request.ReplyTo, request.Thread) ?? 1) };

        var scope = LoopScope.Of(room.Value, request.Thread);
        if (request.Kind == MessageKind.Status || budget.Allows(scope, self.Value)
            || !answers.Answers(scope, self.Value, request.ReplyTo, Mentioned(request.To, senders), isAgent)) return request;
        if (budget.ClaimNotice(scope)) await PostNoticeAsync(scope, ct);
        throw new VerbException(429, "loop_guard",
            $"loop guard: {instance} has sent {settings.LoopBudget} automated messages answering other agents in {scope} since the last human message, "
            + "so it stops here; it may send again once a human writes there (or sends `!agentchat resume`). Status messages and messages answering no agent still pass");
    }

    /// <summary>The user ids <c>to</c> names: a user id as given, an instance name as the registry's agent with that name.</summary>
    private static List<string> Mentioned(IReadOnlyList<string>? to, SenderDirectory senders) =>
        (to ?? []).Select(n => n.StartsWith('@') && n.Contains(':', StringComparison.Ordinal) ? n
            : senders.AgentInstances.FirstOrDefault(a => a.Value.Equals(n.TrimStart('@'), StringComparison.OrdinalIgnoreCase)).Key ?? n).ToList();

    private async Task<Observed?> ParentAsync(RoomId room, string eventId, SenderDirectory senders, CancellationToken ct)
    {
        try
        {
            var e = await client.GetEventAsync(room, new EventId(eventId), ct);
            return MessageParser.TryParse(e, room, null, senders) is { } m ? new Observed(m, e.ContentString("msgtype") == "m.notice") : null;
        }
        catch (MatrixException)
        {
            return null; // unknown parent: counted as hop 0
        }
    }

    private static ChatMessage Placeholder(string eventId, RoomId room) =>
        new() { EventId = eventId, RoomId = room.Value, Sender = "", Kind = MessageKind.Chat, Text = "", Body = "", Human = true };

    private async Task PostNoticeAsync(LoopScope scope, CancellationToken ct)
    {
        var where = scope.Thread is null ? "this room" : "this thread";
        var content = MessageComposer.Compose(new OutgoingMessage
        {
            Text = $"Loop guard: agent **{instance}** has sent {settings.LoopBudget} automated messages in {where} since the last human message and has stopped. "
                   + $"To let the agents go on, write any message here, or send `{LoopBudget.ResumeCommand}`. Agents: this is a notice, do not reply to it.",
            Kind = MessageKind.Status,
            Instance = instance,
            Thread = scope.Thread is { } t ? new EventId(t) : null,
            Meta = MetaFields.With(null, Observed.NoticeField, Observed.LoopGuardNotice),
        });
        try
        {
            await client.SendEventAsync(new RoomId(scope.RoomId), EventTypes.RoomMessage, content, TxnId.New(), ct);
        }
        catch (MatrixException)
        {
            // the refusal stands; the notice is the humans' courtesy
        }
    }
}
