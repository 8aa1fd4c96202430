using AgentChat.Matrix;
using AgentChat.Tasks;

namespace AgentChat.Daemon.Tasks;

/// <summary>
/// Keeps the daemon's <see cref="TaskIndex"/>: the timeline processor hands it every batch and the history page it
/// reads at start; this reads further back only where that page did not reach the room's start (at most
/// <see cref="TaskSource.MaxScan"/> events, once per start), so <c>GET /tasks</c> reads nothing from the homeserver.
/// </summary>
internal sealed class TaskIndexFeed(MatrixClient client, TaskIndex index, TimeProvider time)
{
    private const int PageSize = 250;
    private static readonly TimeSpan SeenWait = TimeSpan.FromSeconds(10);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = NewSignal();

    public TaskIndex Index => index;

    /// <summary>Completes once every followed room has been filled from history at start.</summary>
    public Task Ready => _ready.Task;

    public void Observe(RoomId room, IEnumerable<MatrixEvent> events)
    {
        index.Observe(room, events);
        Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
    }

    /// <summary>
    /// Read your own writes: after this agent sent a task message, a list answers only once the sync brought it
    /// (waiting at most <see cref="SeenWait"/>; the message is in the room either way).
    /// </summary>
    public async Task SeenAsync(RoomId room, string eventId, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(SeenWait, time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            while (true)
            {
                var changed = _changed.Task; // the signal before the check: a batch between them still wakes us
                if (index.Holds(room, eventId)) return;
                await changed.WaitAsync(bounded.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// A room's history at start: <paramref name="newest"/> (the page the buffer was filled from, newest first) and,
    /// when it was full, older pages until <see cref="TaskSource.MaxScan"/> events.
    /// </summary>
    public async Task FillAsync(RoomId room, MessagesResponse newest, CancellationToken ct)
    {
        var events = new List<MatrixEvent>(newest.Chunk);
        var from = newest.End;
        while (events.Count < TaskSource.MaxScan && from is not null && newest.Chunk.Count > 0)
        {
            var page = await client.GetMessagesAsync(room, from, Direction.Backward, Math.Min(PageSize, TaskSource.MaxScan - events.Count), ct: ct);
            events.AddRange(page.Chunk);
            if (page.Chunk.Count == 0 || page.End is null || page.End == from) break;
            from = page.End;
        }
        events.Reverse();
        index.Reset(room, events);
    }

    /// <summary>Every followed room is filled: lists answer from the index from now on.</summary>
    public void MarkReady() => _ready.TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
