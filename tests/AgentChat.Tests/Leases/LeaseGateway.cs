using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AgentChat.Configuration;
using AgentChat.Tests.Cli;

namespace AgentChat.Tests.Leases;

/// <summary>Raw HTTP to a test daemon's lease endpoints, so a race starts both takes within the same moment.</summary>
internal sealed class LeaseGateway : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http;

    public LeaseGateway(CliDaemon daemon)
    {
        var file = DiscoveryFile.TryRead(daemon.DiscoveryPath) ?? throw new InvalidOperationException("no discovery file");
        _http = new HttpClient { BaseAddress = new Uri(file.Gateway.TrimEnd('/') + "/"), Timeout = Timeout };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", file.Token);
    }

    public async Task<(int Status, JsonElement Body)> PostAsync(string path, string json)
    {
        using var response = await _http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json")).WaitAsync(Timeout);
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    public async Task<(int Status, JsonElement Body)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path).WaitAsync(Timeout);
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    public void Dispose() => _http.Dispose();
}
