using System.Text.Json;
using AgentChat.LoopGuard;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Receipts;
using AgentChat.Registry;
using AgentChat.Rooms;
using AgentChat.Unanswered;
using AgentChat.Sync;

namespace AgentChat.Cli.Direct;

/// <summary>
/// Receipts and the unanswered list without a daemon: one /sync of the shared room (its latest messages, the 👀
/// reactions on them and everyone's public read receipts) fed through the same core rules the daemon uses. It sees the shared room
/// only, and only as far back as <see cref="TimelineLimit"/> messages.
/// </summary>
internal sealed record DirectConversation(ReceiptBook Receipts, UnansweredBook Unanswered, GuardSettings Settings)
{
    public const int TimelineLimit = 200;

    public static async Task<DirectConversation> LoadAsync(DirectAgent direct, TimeProvider time, CancellationToken ct)
    {
        var settings = direct.Settings;
        var client = direct.Client;
        var room = await new RoomResolver(client, direct.Self).ResolveRoomAsync(settings.RoomValue, ct);
        var state = await client.GetRoomStateAsync(room, ct);
        var senders = SenderDirectory.FromState(state);
        var instances = InstanceRegistry.List(state, time.GetUtcNow().ToUnixTimeMilliseconds());
        var sync = await client.SyncAsync(null, TimeSpan.Zero, SyncFilters.ConversationJson(room, TimelineLimit), ct: ct);
        if (sync.Rooms?.Join is not { } joined || !joined.TryGetValue(room, out var shared))
            throw new MatrixException($"{direct.Self} is not in the shared room {settings.RoomValue}: ask the operator to run `cchat setup --invite {direct.Self}`",
                System.Net.HttpStatusCode.Forbidden, MatrixErrorCodes.Forbidden, null, isTransient: false);

        var view = new DirectConversation(new ReceiptBook(direct.Self.Value), new UnansweredBook(), GuardSettings.From(settings));
        var events = shared.Timeline?.Events ?? [];
        var alias = settings.RoomValue.StartsWith('#') ? settings.RoomValue : null;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var o in Observed.Pair(events, MessageParser.ParseAll(events, room, alias, senders).ToList()))
        {
            view.Receipts.Observe(o, senders, shared: true, instances);
            view.Unanswered.Observe(o, now);
        }
        foreach (var e in events)
            if (DeliveryReaction.Parse(e) is { } reaction) view.Receipts.ObserveDelivery(room.Value, reaction, now);
        foreach (var e in shared.Ephemeral?.Events ?? [])
        {
            if (e.Type != EventTypes.Receipt) continue;
            foreach (var receipt in ReadReceipt.Parse(e.Content)) view.Receipts.ObserveReceipt(room.Value, receipt, now);
        }
        return view;
    }
}
