using System.Globalization;
using AgentChat.Messages;
using AgentChat.Messages.Wake;

namespace AgentChat.Cli.Mcp.Channel;

/// <summary>
/// Turns the addressed messages into <c>notifications/claude/channel</c> pushes. A message that finds the
/// session idle and no push in the last <see cref="Window"/> goes out at once, alone. What arrives within the
/// window after a push, or while the session is busy, is held and goes out as one push when the window has
/// passed and the session is idle again (held for at most <see cref="MaxHold"/>, should the idle signal never
/// come): urgent first, the expired and superseded left out, at most <see cref="WakeText.MaxListed"/> written
/// out. A burst of 100 therefore makes two pushes: the first message, then one for the other 99.
/// </summary>
/// <param name="delivered">Hears of each push once it was written (the "delivered to the session" receipt).</param>
/// <param name="claim">Before each push, leaves out what the session already has (a hook handed it over).</param>
internal sealed class ChannelPusher(
    Func<ChannelParams, CancellationToken, Task> send, PushedMessages pushed, TimeProvider time, Action<IReadOnlyList<ChatMessage>>? delivered = null,
    Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<IReadOnlyList<ChatMessage>>>? claim = null)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxHold = TimeSpan.FromMinutes(2);

    private readonly System.Threading.Channels.Channel<ChatMessage> _incoming = System.Threading.Channels.Channel.CreateUnbounded<ChatMessage>(new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private bool _busy;
    private TaskCompletionSource _idle = Signal(done: true);
    private DateTimeOffset _lastPush = DateTimeOffset.MinValue;
    private int _holding; // messages queued or held for a coalesced push

    /// <summary>
    /// Takes an addressed message. The common case (idle, nothing held, no push within the window) is pushed
    /// right here, on the feed's own thread, so a lone message pays no extra hand-over; anything else is queued.
    /// </summary>
    public async ValueTask OfferAsync(ChatMessage message, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        bool direct;
        lock (_lock)
        {
            direct = !_busy && _holding == 0 && now - _lastPush >= Window;
            if (direct) _lastPush = now;
            else _holding++;
        }
        if (!direct)
        {
            _incoming.Writer.TryWrite(message);
            return;
        }
        var selected = WakeSelection.Select([message], now);
        if (selected.Count > 0) await PushAsync(selected, ct);
    }

    private async Task PushAsync(IReadOnlyList<ChatMessage> selected, CancellationToken ct)
    {
        await _sending.WaitAsync(ct);
        try
        {
            if (claim is not null && (selected = await claim(selected, ct)).Count == 0) return;
            await send(Build(selected), ct);
            pushed.Add(selected);
            delivered?.Invoke(selected);
        }
        finally
        {
            _sending.Release();
        }
    }

    public void SetBusy(bool busy)
    {
        lock (_lock)
        {
            if (busy == _busy) return;
            _busy = busy;
            if (busy) _idle = Signal(done: false);
            else _idle.TrySetResult();
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var held = new List<ChatMessage>();
        while (true)
        {
            held.Add(await _incoming.Reader.ReadAsync(ct));
            var heldSince = time.GetUtcNow();
            while (true)
            {
                while (_incoming.Reader.TryRead(out var more)) held.Add(more);
                Task idle;
                lock (_lock) idle = _idle.Task;
                var now = time.GetUtcNow();
                var left = heldSince + MaxHold - now;
                if (!idle.IsCompleted && left > TimeSpan.Zero)
                {
                    await Task.WhenAny(idle, Task.Delay(left, time, ct));
                    ct.ThrowIfCancellationRequested();
                    continue;
                }
                DateTimeOffset lastPush;
                lock (_lock) lastPush = _lastPush;
                var windowLeft = lastPush + Window - now;
                if (windowLeft <= TimeSpan.Zero) break;
                await Task.Delay(windowLeft, time, ct);
            }
            while (_incoming.Reader.TryRead(out var more)) held.Add(more);
            var selected = WakeSelection.Select(held, time.GetUtcNow());
            if (selected.Count > 0)
            {
                lock (_lock) _lastPush = time.GetUtcNow();
                await PushAsync(selected, ct);
            }
            lock (_lock) _holding -= held.Count;
            held.Clear();
        }
    }

    internal static ChannelParams Build(IReadOnlyList<ChatMessage> messages)
    {
        var first = messages[0];
        var meta = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["sender"] = first.Sender,
            ["human"] = first.Human ? "true" : "false",
            ["room"] = first.Room ?? first.RoomId,
            ["event_id"] = first.EventId,
            ["priority"] = messages.Any(m => Attention.Of(m).Urgent) ? Attention.UrgentPriority : Attention.Normal,
        };
        if (first.Instance is { } instance) meta["instance"] = instance;
        if (messages.Count == 1)
        {
            meta["kind"] = first.Kind;
            if (first.Thread is { } thread) meta["thread"] = thread;
            return new ChannelParams(first.Text, meta);
        }
        meta["kind"] = "batch";
        meta["count"] = messages.Count.ToString(CultureInfo.InvariantCulture);
        meta["event_ids"] = string.Join(',', messages.Select(m => m.EventId));
        return new ChannelParams(WakeText.List($"{messages.Count} messages addressed to you arrived while you were busy (urgent first):", messages), meta);
    }

    private static TaskCompletionSource Signal(bool done)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (done) signal.SetResult();
        return signal;
    }
}
