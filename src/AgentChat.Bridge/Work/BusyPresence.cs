using AgentChat.Bridge.Feed;
using Microsoft.Extensions.Logging;

namespace AgentChat.Bridge.Work;

/// <summary>
/// The bridge's presence through the daemon's <c>POST /presence</c>: busy while any run goes on, on what (the latest
/// run started), idle when the last ends; said again by <see cref="RefreshAsync"/> so a long run does not lapse.
/// A presence the gateway refuses is logged, never fatal.
/// </summary>
internal sealed partial class BusyPresence(BridgeGateway gateway, ILogger<BusyPresence> logger)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, string> _runs = new(StringComparer.Ordinal);
    private string? _on;

    public Task EnterAsync(string id, string on, CancellationToken ct) => ChangeAsync(() => { _runs[id] = on; _on = on; }, ct);

    public Task LeaveAsync(string id, CancellationToken ct) => ChangeAsync(() =>
    {
        _runs.Remove(id);
        _on = _runs.Count == 0 ? null : _runs.Values.Last();
    }, ct);

    public Task RefreshAsync(CancellationToken ct) => ChangeAsync(() => { }, ct, onlyBusy: true);

    private async Task ChangeAsync(Action change, CancellationToken ct, bool onlyBusy = false)
    {
        await _gate.WaitAsync(ct);
        try
        {
            change();
            if (onlyBusy && _on is null) return;
            var reply = await gateway.SetPresenceAsync(_on is not null, _on, ct);
            if (!reply.Accepted) LogRefused(logger, reply.ToString());
        }
        catch (HttpRequestException e)
        {
            LogRefused(logger, e.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "presence not updated: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
