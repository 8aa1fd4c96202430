using System.Collections.Concurrent;
using AgentChat.Matrix;

namespace AgentChat.Registry;

/// <summary>
/// Claim events already checked, by event id: an event never changes, so each is fetched once. What is kept is
/// whose claim it was and when the homeserver stamped it; a claim that did not check out is kept as such.
/// </summary>
public sealed class ClaimBook
{
    private const int MaxKept = 1000;

    private readonly ConcurrentDictionary<string, Checked?> _checked = new(StringComparer.Ordinal);

    private sealed record Checked(string UserId, string Instance, long At);

    /// <summary>When <paramref name="row"/>'s claim began, when <paramref name="claim"/> checks out for it; else null.</summary>
    public async Task<long?> ClaimedAtAsync(MatrixClient client, RoomId room, InstanceInfo row, string claim, CancellationToken ct)
    {
        if (!_checked.TryGetValue(claim, out var found))
        {
            try
            {
                found = Check(await client.GetEventAsync(room, new EventId(claim), ct));
            }
            catch (MatrixException e) when (!e.IsTransient)
            {
                found = null; // not in this room, or not visible: it proves nothing
            }
            catch (MatrixException)
            {
                return null; // ask again next time
            }
            if (_checked.Count >= MaxKept) _checked.Clear();
            _checked[claim] = found;
        }
        return found is { } c && c.UserId == row.UserId && string.Equals(c.Instance, row.Instance, StringComparison.OrdinalIgnoreCase)
               && c.At > 0 && (row.ClaimedAt is not { } entryAt || c.At <= entryAt) ? c.At : null;
    }

    /// <summary>A registry entry for an online instance, written by the account it is for (<see cref="InstanceRegistry.Trusted"/>).</summary>
    private static Checked? Check(MatrixEvent e) =>
        InstanceRegistry.Trusted(e) is { Status: "online" } entry && e.StateKey is { } owner ? new Checked(owner, entry.Instance, e.OriginServerTs) : null;
}
