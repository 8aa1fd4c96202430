using AgentChat.Cli.Agent;
using AgentChat.Cli.Gateway;
using AgentChat.Leases;
using AgentChat.Matrix;
using AgentChat.Verbs;

namespace AgentChat.Cli.Leases;

/// <summary>
/// The lease verbs for the CLI and MCP: through the daemon's gateway when one answers, else the same core
/// <see cref="LeaseDesk"/> over direct REST (a take then writes this session's registry entry first, and its notice goes out at once).
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
        return new LeaseDesk(direct.Client, room, direct.Self, instance, time, async (line, c) =>
            await direct.Client.SendEventAsync(room, EventTypes.RoomMessage, LeaseNotice.Content(instance, [line]), TxnId.New(), c));
    }
}
