using AgentChat.Daemon.Buffer;
using AgentChat.Daemon.Reading;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Messages.Wake;
using AgentChat.Rooms;

namespace AgentChat.Daemon.Wake;

/// <summary>
/// The messages the hooks hand to the session: unread (after this instance's read marker), addressed to it
/// (the core's rule), from an allowed sender, not expired or superseded, urgent first. Each is handed over
/// once: a later hook call sees only what arrived since. Handing over does not mark anything read.
/// </summary>
internal sealed class WakeInbox(MessageBuffer buffer, ReadMarkers markers, DaemonIdentity identity, DirectRoomCache direct, SenderGate gate, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _handedThrough;
    private long _dropped;

    /// <summary>Messages from senders the gate refused, since the daemon started.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The waiting messages; <paramref name="all"/> looks at every unread one, else only at those not handed over yet.</summary>
    public async Task<IReadOnlyList<ChatMessage>> TakeAsync(bool all, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var held = buffer.After(0, _ => true, buffer.Capacity).Messages;
            var threads = new ThreadParticipation(identity.UserId.Value);
            threads.ObserveAll(held);
            var from = all ? 0 : _handedThrough;
            var waiting = new List<ChatMessage>();
            foreach (var m in held)
            {
                if (m.Cursor <= from || m.Cursor <= markers.Get(new RoomId(m.RoomId)).Cursor) continue;
                if (!Addressing.IsAddressedTo(m, identity.UserId.Value, await direct.IsDirectAsync(m.RoomId, m.Room, ct), threads, identity.Instance)) continue;
                if (!gate.Allows(m.Sender))
                {
                    if (m.Cursor > _handedThrough) Interlocked.Increment(ref _dropped);
                    continue;
                }
                waiting.Add(m);
            }
            if (held.Count > 0) _handedThrough = Math.Max(_handedThrough, held[^1].Cursor);
            var handed = new HashSet<string>(held.Where(m => m.Cursor <= from).Select(m => Attention.Of(m).Supersedes).OfType<string>(), StringComparer.Ordinal);
            return WakeSelection.Select(waiting, time.GetUtcNow(), handed.Contains);
        }
        finally
        {
            _gate.Release();
        }
    }

}
