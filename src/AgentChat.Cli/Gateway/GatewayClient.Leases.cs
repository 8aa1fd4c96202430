using System.Text.Json;
using AgentChat.Leases;

namespace AgentChat.Cli.Gateway;

internal sealed partial class GatewayClient
{
    private static LeasesJsonContext LeaseJson => LeasesJsonContext.Default;

    public async Task<LeaseTakeResponse> TakeLeaseAsync(LeaseTakeRequest request, CancellationToken ct)
    {
        using var response = await CallAsync(HttpMethod.Post, "leases", JsonSerializer.SerializeToUtf8Bytes(request, LeaseJson.LeaseTakeRequest), CallTimeout, ct);
        return Deserialize(await response.Content.ReadAsByteArrayAsync(ct), LeaseJson.LeaseTakeResponse);
    }

    public async Task<LeaseReleaseResponse> ReleaseLeasesAsync(LeaseReleaseRequest request, CancellationToken ct)
    {
        using var response = await CallAsync(HttpMethod.Post, "leases/release", JsonSerializer.SerializeToUtf8Bytes(request, LeaseJson.LeaseReleaseRequest), CallTimeout, ct);
        return Deserialize(await response.Content.ReadAsByteArrayAsync(ct), LeaseJson.LeaseReleaseResponse);
    }

    public Task<LeaseListResponse> LeasesAsync(CancellationToken ct) => GetAsync("leases", LeaseJson.LeaseListResponse, ct);

    public Task<LeaseCheckResponse> CheckLeasesAsync(IReadOnlyList<string> paths, CancellationToken ct) =>
        GetAsync("leases/check?" + string.Join('&', paths.Select(p => "path=" + Uri.EscapeDataString(p))), LeaseJson.LeaseCheckResponse, ct);
}
