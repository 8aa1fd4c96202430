using System.Security.Cryptography;
using System.Text.Json;
using AgentChat.Matrix;
using AgentChat.Verbs;

namespace AgentChat.Leases;

/// <summary>
/// Takes, releases, lists and checks leases in the shared room: one rule for the daemon and direct mode. A take checks
/// the room, writes the holder's lease state, then reads the state and the order of recent lease events again: when a
/// clashing live lease of another holder came first, it withdraws its own and refuses (see <see cref="LeaseOrder"/>).
/// Changes of this holder's own state are serialized here; <paramref name="notify"/> hears one line per change.
/// </summary>
public sealed class LeaseDesk(MatrixClient client, RoomId room, UserId self, string instance, TimeProvider time,
    Func<string, CancellationToken, Task>? notify = null)
{
    private readonly SemaphoreSlim _own = new(1, 1);

    public async Task<LeaseTakeResponse> TakeAsync(LeaseTakeRequest request, CancellationToken ct)
    {
        var patterns = Patterns(request.Patterns);
        var shared = request.Shared == true;
        var ttl = LeaseLimits.ParseTtl(request.Ttl);
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? null : LeaseLimits.Cut(request.Reason.Trim(), LeaseLimits.MaxReasonLength);
        await _own.WaitAsync(ct);
        try
        {
            var book = LeaseBook.From(await client.GetRoomStateAsync(room, ct), Now());
            var conflicts = book.Conflicts(self.Value, patterns, shared);
            if (conflicts.Count > 0) throw new LeaseConflictException(conflicts, lostRace: false);
            if (book.EntryOf(self.Value) is not { } entry || !entry.IsAlive(Now()))
                throw new VerbException(503, "not_registered",
                    $"{self} has no live entry in the shared room's registry, so its leases would bind nobody: run `cchat daemon`, or let `cchat setup` give members the power to register");
            var own = book.Own(self.Value).ToList();
            var mode = shared ? Lease.Shared : Lease.Exclusive;
            var same = own.FirstOrDefault(l => l.Mode == mode && l.Patterns.Order(StringComparer.Ordinal).SequenceEqual(patterns.Order(StringComparer.Ordinal)));
            if (same is null && own.Count >= LeaseLimits.MaxLeasesPerHolder)
                throw VerbException.BadRequest("too_many_leases", $"one agent holds at most {LeaseLimits.MaxLeasesPerHolder} leases: release some first");
            var now = Now();
            var lease = new Lease
            {
                Id = same?.Id ?? "l" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
                Patterns = patterns,
                Mode = mode,
                Reason = reason,
                TakenAt = now,
                ExpiresAt = now + (long)ttl.TotalMilliseconds,
                Run = entry.Kind == "persistent" ? entry.StartedAt : null,
                Host = Environment.MachineName,
            };
            own.RemoveAll(l => l.Id == lease.Id);
            own.Add(lease);
            await WriteAsync(own, ct);

            var after = LeaseBook.From(await client.GetRoomStateAsync(room, ct), Now());
            var page = await client.GetMessagesAsync(room, null, Direction.Backward, LeaseOrder.Page, filterJson: LeaseOrder.Filter, ct: ct);
            var order = LeaseOrder.FromNewestFirst(page.Chunk);
            var first = after.Conflicts(self.Value, patterns, shared).Where(r => order.Before(r, self.Value, lease.Id)).ToList();
            if (first.Count > 0)
            {
                await WriteAsync(after.Own(self.Value).Where(l => l.Id != lease.Id).ToList(), ct);
                throw new LeaseConflictException(first, lostRace: true);
            }
            if (same is null) await NotifyAsync(LeaseNotice.Taken(lease), ct);
            return new LeaseTakeResponse(LeaseView.Of(new HeldLease(self.Value, instance, lease)), same is not null);
        }
        finally
        {
            _own.Release();
        }
    }

    /// <summary>Ends this holder's leases named by a pattern (as taken) or id, or all of them.</summary>
    public Task<LeaseReleaseResponse> ReleaseAsync(LeaseReleaseRequest request, CancellationToken ct)
    {
        if (request.All == true) return ReleaseWhereAsync(_ => true, null, ct);
        if (request.Patterns is not { Count: > 0 } given) throw VerbException.BadRequest("no_patterns", "name the patterns (or lease ids) to release, or release all");
        var names = given.Select(p => LeaseGlob.Normalize(p) ?? p).ToHashSet(StringComparer.Ordinal);
        return ReleaseWhereAsync(l => names.Contains(l.Id) || l.Patterns.Any(names.Contains), null, ct);
    }

    /// <summary>
    /// A human's <c>!release PATH</c>, said at <paramref name="saidAt"/>: ends this holder's leases covering the path that
    /// were taken (or renewed) before then, and says so.
    /// </summary>
    public Task<LeaseReleaseResponse> ReleaseCoveringAsync(string path, string human, long saidAt, CancellationToken ct) =>
        ReleaseWhereAsync(l => l.TakenAt <= saidAt && l.Patterns.Any(p => LeaseGlob.Covers(p, path)), human, ct);

    private async Task<LeaseReleaseResponse> ReleaseWhereAsync(Func<Lease, bool> ends, string? byHuman, CancellationToken ct)
    {
        await _own.WaitAsync(ct);
        try
        {
            var own = LeaseBook.From(await client.GetRoomStateAsync(room, ct), Now()).Own(self.Value);
            var released = own.Where(ends).ToList();
            if (released.Count == 0) return new LeaseReleaseResponse([]);
            await WriteAsync(own.Except(released).ToList(), ct);
            foreach (var l in released) await NotifyAsync(LeaseNotice.Released(l, byHuman), ct);
            return new LeaseReleaseResponse(released.Select(l => LeaseView.Of(new HeldLease(self.Value, instance, l))).ToList());
        }
        finally
        {
            _own.Release();
        }
    }

    /// <summary>Every live lease in the room, this holder's too.</summary>
    public async Task<LeaseListResponse> ListAsync(CancellationToken ct) =>
        new(LeaseBook.From(await client.GetRoomStateAsync(room, ct), Now()).Live.Select(LeaseView.Of).ToList());

    /// <summary>Each path with the live leases of others on it; blocked where one is exclusive.</summary>
    public async Task<LeaseCheckResponse> CheckAsync(IReadOnlyList<string> paths, CancellationToken ct)
    {
        if (paths.Count == 0) throw VerbException.BadRequest("no_paths", "name the paths to check");
        if (paths.FirstOrDefault(p => LeaseGlob.Normalize(p) is null) is { } bad)
            throw VerbException.BadRequest("bad_path", $"\"{LeaseLimits.Cut(bad)}\" is no path relative to the repository root");
        var book = LeaseBook.From(await client.GetRoomStateAsync(room, ct), Now());
        var rows = paths.Select(p =>
        {
            var held = book.On(self.Value, p);
            return new LeasePathCheck(p, held.Any(h => !h.Lease.IsShared), held.Select(LeaseView.Of).ToList());
        }).ToList();
        return new LeaseCheckResponse(rows.Any(r => r.Blocked), rows);
    }

    private async Task WriteAsync(IReadOnlyList<Lease> leases, CancellationToken ct)
    {
        var content = JsonSerializer.SerializeToUtf8Bytes(new LeaseStateContent { UserId = self.Value, Instance = instance, Leases = leases },
            LeasesJsonContext.Default.LeaseStateContent);
        if (content.Length > LeaseLimits.MaxContentBytes)
            throw new VerbException(413, "too_large", "these leases together are too large for one Matrix event: release some, or use fewer, shorter patterns");
        await client.PutStateAsync(room, LeaseStateContent.EventType, self.Value, content, ct);
    }

    private async Task NotifyAsync(string line, CancellationToken ct)
    {
        if (notify is null) return;
        try
        {
            await notify(line, ct);
        }
        catch (MatrixException)
        {
            // the lease changed either way; a notice the homeserver refused is not the caller's failure
        }
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static List<string> Patterns(IReadOnlyList<string>? given)
    {
        if (given is not { Count: > 0 }) throw VerbException.BadRequest("no_patterns", "give at least one path or glob to lease, e.g. src/** or docs/leases.md");
        if (given.Count > LeaseLimits.MaxPatterns) throw VerbException.BadRequest("too_many_patterns", $"one lease holds at most {LeaseLimits.MaxPatterns} patterns");
        var normal = new List<string>();
        foreach (var p in given)
        {
            var n = LeaseGlob.Normalize(p)
                    ?? throw VerbException.BadRequest("bad_pattern", $"\"{LeaseLimits.Cut(p ?? "")}\" is no pattern: a path or glob relative to the repository root (no leading /, no .., at most {LeaseGlob.MaxLength} characters)");
            if (!normal.Contains(n, StringComparer.Ordinal)) normal.Add(n);
        }
        return normal;
    }
}
