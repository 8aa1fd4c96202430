using AgentChat.Matrix;

namespace AgentChat.Leases;

/// <summary>
/// Which lease came first, by the room's event order: the position of the first lease event (oldest first, as the
/// homeserver orders the timeline) that carried each holder's lease id. Every reader of the same page gets the same
/// order, and a taker reads it after its own write was stored, so it sees every rival stored before it: of two racers
/// the later one always sees the earlier, and steps back. A lease from before the page ranks before all in it.
/// </summary>
public sealed class LeaseOrder
{
    /// <summary>How many recent lease events the race reads back.</summary>
    public const int Page = 100;

    public static readonly string Filter = $$"""{"types":["{{LeaseStateContent.EventType}}"]}""";

    private readonly Dictionary<string, int> _first = new(StringComparer.Ordinal);

    /// <summary>From a page of lease events, newest first (as /messages reads backwards).</summary>
    public static LeaseOrder FromNewestFirst(IReadOnlyList<MatrixEvent> page)
    {
        var order = new LeaseOrder();
        for (var i = page.Count - 1; i >= 0; i--)
        {
            if (LeaseStateReader.Read(page[i]) is not { } held) continue;
            var position = page.Count - 1 - i;
            foreach (var lease in held.Leases) order._first.TryAdd(Key(held.Holder, lease.Id), position);
        }
        return order;
    }

    /// <summary>The lease's place: -1 when it is older than the page (or not in it), else its first event's position.</summary>
    public int Rank(string holder, string leaseId) => _first.GetValueOrDefault(Key(holder, leaseId), -1);

    /// <summary>True when <paramref name="rival"/> was taken before our lease <paramref name="ours"/> (ours is in the page: we just wrote it).</summary>
    public bool Before(HeldLease rival, string self, string ours)
    {
        var mine = Rank(self, ours);
        return mine < 0 || Rank(rival.Holder, rival.Lease.Id) < mine;
    }

    private static string Key(string holder, string id) => holder + "\n" + id;
}
