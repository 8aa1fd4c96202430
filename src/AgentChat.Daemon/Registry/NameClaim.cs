using AgentChat.Matrix;
using AgentChat.Registry;
using Microsoft.Extensions.Logging;

namespace AgentChat.Daemon.Registry;

/// <summary>
/// This daemon's claim on its instance name: checked before the daemon starts (another live account holding the
/// name stops it, exit 2), then carried in every registry entry as the event that began it (docs/identity-and-hostile-input.md).
/// </summary>
internal sealed partial class NameClaim(MatrixClient client, DaemonIdentity identity, TimeProvider time, ILogger<NameClaim> logger)
{
    private static readonly TimeSpan CheckBudget = TimeSpan.FromSeconds(15);

    private volatile string? _claim;

    /// <summary>The registry event that began the claim; null until the first entry is written.</summary>
    public string? Claim => _claim;

    /// <summary>The first entry of a new claim was written as <paramref name="eventId"/>.</summary>
    public void Written(AgentChat.Matrix.EventId eventId) => _claim ??= eventId.Value;

    /// <summary>
    /// Throws a 409 <c>name_taken</c> when another live account holds the name. With the homeserver away or the
    /// shared room not joinable, the daemon starts unchecked (the sync loop reports why it cannot work).
    /// </summary>
    public async Task EnsureFreeAsync(CancellationToken ct)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(CheckBudget);
        try
        {
            var room = await client.JoinRoomAsync(identity.SharedRoom, bounded.Token);
            _claim = await NameOwnership.EnsureFreeAsync(client, room, identity.UserId, identity.Instance, time.GetUtcNow().ToUnixTimeMilliseconds(), bounded.Token);
        }
        catch (MatrixException e)
        {
            LogNotChecked(logger, identity.Instance, e.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            LogNotChecked(logger, identity.Instance, $"no answer within {CheckBudget.TotalSeconds:0} s");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not check that no other live agent holds the name {Instance}: {Reason}")]
    private static partial void LogNotChecked(ILogger logger, string instance, string reason);
}
