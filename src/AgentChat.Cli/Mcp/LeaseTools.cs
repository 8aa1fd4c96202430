using System.Text.Json;
using AgentChat.Cli.Agent;
using AgentChat.Cli.Leases;
using AgentChat.Leases;
using static AgentChat.Cli.Mcp.ToolArgs;

namespace AgentChat.Cli.Mcp;

/// <summary>Runs the lease tools on the same <see cref="LeaseAgent"/> as the CLI verbs.</summary>
internal sealed class LeaseTools(AgentService agent)
{
    public static bool Handles(string? name) => name is "lease_take" or "lease_release" or "lease_list" or "lease_check";

    public async Task<string> CallAsync(string name, IDictionary<string, JsonElement> a, CancellationToken ct)
    {
        var leases = new LeaseAgent(agent, TimeProvider.System);
        var json = LeasesJsonContext.Default;
        return name switch
        {
            "lease_take" => JsonSerializer.Serialize(await leases.TakeAsync(new LeaseTakeRequest
            {
                Patterns = List(a, "patterns") ?? throw new UsageException("patterns is required"),
                Ttl = Text(a, "ttl"),
                Shared = Flag(a, "shared"),
                Reason = Text(a, "reason"),
            }, ct), json.LeaseTakeResponse),
            "lease_release" => JsonSerializer.Serialize(await leases.ReleaseAsync(new LeaseReleaseRequest
            {
                Patterns = List(a, "patterns"),
                All = Flag(a, "all") ? true : null,
            }, ct), json.LeaseReleaseResponse),
            "lease_list" => JsonSerializer.Serialize(await leases.ListAsync(ct), json.LeaseListResponse),
            _ => JsonSerializer.Serialize(await leases.CheckAsync(List(a, "paths") ?? throw new UsageException("paths is required"), ct), json.LeaseCheckResponse),
        };
    }
}
