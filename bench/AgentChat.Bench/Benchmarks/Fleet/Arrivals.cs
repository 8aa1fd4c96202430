using System.Collections.Concurrent;
using System.Text;
using AgentChat.Bench.Infra;

namespace AgentChat.Bench.Benchmarks.Fleet;

/// <summary>
/// When each receiver saw each marker: every daemon followed by a /read?wait loop, every raw account by a /sync
/// long-poll with the daemon's filter, all running for the whole measurement. Markers are <c>{prefix}{digits}</c>.
/// </summary>
internal sealed class Arrivals(string prefix)
{
    private readonly byte[] _prefix = Encoding.UTF8.GetBytes(prefix);
    private readonly ConcurrentDictionary<(int Receiver, string Marker), TimeSpan> _seen = new();
    private readonly List<Task> _loops = [];
    private long _duplicates;

    public string Prefix => prefix;

    /// <summary>Deliveries seen a second time by the same receiver (a daemon must hand each message over once).</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    public bool TryGet(int receiver, string marker, out TimeSpan at) => _seen.TryGetValue((receiver, marker), out at);

    public int Count(string marker, IEnumerable<int> receivers) => receivers.Count(r => _seen.ContainsKey((r, marker)));

    public async Task FollowDaemonAsync(int receiver, DaemonProcess d, CancellationToken ct)
    {
        var cursor = await GatewayCalls.LatestAsync(d.Http, ct);
        _loops.Add(Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    var (body, next) = await GatewayCalls.ReadAsync(d.Http, cursor, 30, 500, ct);
                    Record(receiver, body, Clock.Now);
                    cursor = next;
                }
                catch (Exception) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception)
                {
                    // a timed-out or refused long-poll: the next one picks up from the same cursor
                    await Task.Delay(100, CancellationToken.None);
                }
            }
        }, CancellationToken.None));
    }

    public async Task FollowRawAsync(int receiver, RawMatrix raw, Account account, string filter, CancellationToken ct)
    {
        var (_, since) = await raw.SyncAsync(account.Token, null, 0, filter, ct);
        _loops.Add(Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    var (body, next) = await raw.SyncAsync(account.Token, since, 30_000, filter, ct);
                    Record(receiver, body, Clock.Now);
                    since = next;
                }
                catch (Exception) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception)
                {
                    // a timed-out or refused long-poll: the next one picks up from the same cursor
                    await Task.Delay(100, CancellationToken.None);
                }
            }
        }, CancellationToken.None));
    }

    public Task StoppedAsync() => Task.WhenAll(_loops);

    private void Record(int receiver, byte[] body, TimeSpan at)
    {
        var span = body.AsSpan();
        var seenHere = new HashSet<string>(StringComparer.Ordinal);
        for (var i = span.IndexOf(_prefix); i >= 0;)
        {
            var end = i + _prefix.Length;
            while (end < span.Length && span[end] is >= (byte)'0' and <= (byte)'9') end++;
            var marker = Encoding.UTF8.GetString(span[i..end]);
            // A body may name a marker twice (text and formatted body): one delivery.
            if (seenHere.Add(marker) && !_seen.TryAdd((receiver, marker), at)) Interlocked.Increment(ref _duplicates);
            var rest = span[end..].IndexOf(_prefix);
            i = rest < 0 ? -1 : end + rest;
        }
    }
}
