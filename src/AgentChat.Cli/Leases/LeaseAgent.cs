using AgentChat.Cli.Agent;
using AgentChat.Cli.Gateway;
using AgentChat.Leases;
using AgentChat.Matrix;
using AgentChat.Verbs;

namespace AgentChat.Cli.Leases;

/// <summary>
/// The lease verbs for the CLI and MCP: through the daemon's gateway when one answers, else the same core
/// <see cref="LeaseDesk"/> over direct REST (a take then writes this session's registry entry first; its notice is new, or an edit of one from the last 10 s).
/// </summary>
internal sealed class LeaseAgent(AgentService agent, TimeProvider time)
{
    public Task<LeaseTakeResponse> TakeAsync(LeaseTakeRequest request, CancellationToken ct) =>
        ViaAsync(g => g.TakeLeaseAsync(request, ct), d => d.TakeAsync(request, ct), announce: true, ct);

    public Task<LeaseReleaseResponse> ReleaseAsync(LeaseReleaseRequest request, CancellationToken ct) =>
        ViaAsync(g => g.ReleaseLeasesAsync(request, ct), d => d.ReleaseAsync(request, ct), announce: false, ct);

    public Task<LeaseListResponse> ListAsync(CancellationToken ct) =>
        ViaAsync(g => g.LeasesAsync(ct), d => d.ListAsync(ct), announce: false, ct);

    public Task<LeaseCheckResponse> CheckAsync(IReadOnlyList<string> paths, CancellationToken ct) =>
        ViaAsync(g => g.CheckLeasesAsync(paths, ct), d => d.CheckAsync(paths, ct), announce: false, ct);

    /// <summary>True when the failure is a lease in the way (the gateway's 409, or direct mode's), not an error.</summary>
    public static bool IsConflict(Exception e) =>
        e is GatewayException { Code: LeaseConflictException.Code } or VerbException { Code: LeaseConflictException.Code };

    private Task<T> ViaAsync<T>(Func<GatewayClient, Task<T>> viaGateway, Func<LeaseDesk, Task<T>> direct, bool announce, CancellationToken ct) =>
        agent.ViaAsync(viaGateway, async () =>
        {
            try
            {
                return await direct(await DeskAsync(announce, ct));
            }
            catch (LeaseConflictException e)
            {
                throw e.ToVerb();
            }
        });

    private async Task<LeaseDesk> DeskAsync(bool announce, CancellationToken ct)
    {
        var direct = agent.Direct;
        var room = await direct.SharedRoomAsync(announce, ct);
        var instance = agent.Settings.InstanceName;
        return new LeaseDesk(direct.Client, room, direct.Self, instance, time, (line, c) => NoticeAsync(direct.Client, room, direct.Self, instance, line, c));
    }

    /// <summary>A new notice, or an edit of this account's last one when that is younger than the interval (<see cref="LeaseNoticeFold"/>).</summary>
    private async Task NoticeAsync(MatrixClient client, RoomId room, UserId self, string instance, string line, CancellationToken ct)
    {
        var page = await client.GetMessagesAsync(room, null, Direction.Backward, LeaseNoticeFold.Page, filterJson: LeaseNoticeFold.Filter(self), ct: ct);
        var content = LeaseNoticeFold.Open(page.Chunk, self, time.GetUtcNow().ToUnixTimeMilliseconds()) is { } open
            ? LeaseNoticeFold.Edit(open.Original, LeaseNotice.Content(instance, LeaseNoticeFold.Fold(open.Lines, line)))
            : LeaseNotice.Content(instance, [line]);
        await client.SendEventAsync(room, EventTypes.RoomMessage, content, TxnId.New(), ct);
    }
}
