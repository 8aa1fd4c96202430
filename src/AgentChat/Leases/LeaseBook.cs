using AgentChat.Matrix;
using AgentChat.Registry;

namespace AgentChat.Leases;

/// <summary>
/// The leases of a room, as its state says now: each holder's own lease event, read totally, and each lease alive only
/// while it is unexpired and its holder is alive in the registry (online, seen within its TTL, and for a daemon's lease
/// still the run that took it). So no lease outlives a crashed holder by more than the registry's TTL. Pure: no I/O.
/// </summary>
public sealed class LeaseBook
{
    private readonly List<HeldLease> _live = [];
    private readonly Dictionary<string, InstanceEntry> _entries = new(StringComparer.Ordinal);

    private LeaseBook()
    {
    }

    /// <summary>Every live lease, oldest first.</summary>
    public IReadOnlyList<HeldLease> Live => _live;

    public static LeaseBook From(IEnumerable<MatrixEvent> state, long nowMs)
    {
        var book = new LeaseBook();
        var events = state as IReadOnlyList<MatrixEvent> ?? state.ToList();
        foreach (var e in events)
            if (InstanceRegistry.Trusted(e) is { } entry) book._entries[e.StateKey!] = entry;
        foreach (var e in events)
        {
            if (LeaseStateReader.Read(e) is not { } held) continue;
            foreach (var lease in held.Leases)
                if (book.IsAlive(held.Holder, lease, nowMs)) book._live.Add(new HeldLease(held.Holder, held.Instance ?? book.InstanceOf(held.Holder), lease));
        }
        book._live.Sort((a, b) => a.Lease.TakenAt.CompareTo(b.Lease.TakenAt));
        return book;
    }

    /// <summary>The holder's registry entry, when it has a trusted one.</summary>
    public InstanceEntry? EntryOf(string userId) => _entries.GetValueOrDefault(userId);

    private string? InstanceOf(string userId) => EntryOf(userId)?.Instance;

    /// <summary>Unexpired (and not from beyond the skew), and its holder alive in this run.</summary>
    public bool IsAlive(string holder, Lease lease, long nowMs)
    {
        if (lease.ExpiresAt <= nowMs || lease.TakenAt > nowMs + (long)LeaseLimits.Skew.TotalMilliseconds) return false;
        if (EntryOf(holder) is not { } entry || !entry.IsAlive(nowMs)) return false;
        return lease.Run is not { } run || run == entry.StartedAt;
    }

    /// <summary>The live leases of others that clash with <paramref name="patterns"/> taken as <paramref name="shared"/>.</summary>
    public IReadOnlyList<HeldLease> Conflicts(string self, IReadOnlyList<string> patterns, bool shared) =>
        _live.Where(h => h.Holder != self && h.Lease.Clashes(patterns, shared)).ToList();

    /// <summary>The live leases of others on <paramref name="path"/>; blocking ones are exclusive.</summary>
    public IReadOnlyList<HeldLease> On(string self, string path) =>
        _live.Where(h => h.Holder != self && h.Lease.Patterns.Any(p => LeaseGlob.Covers(p, path))).ToList();

    /// <summary>The leases <paramref name="self"/> holds alive now (what it writes back when it changes its state).</summary>
    public IReadOnlyList<Lease> Own(string self) => _live.Where(h => h.Holder == self).Select(h => h.Lease).ToList();
}
