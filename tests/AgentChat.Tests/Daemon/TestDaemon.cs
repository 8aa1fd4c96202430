using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using AgentChat.Daemon;
using AgentChat.Daemon.Hosting;
using AgentChat.Gateway;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Daemon;

/// <summary>A real daemon hosted in-process on loopback port 0, for one test user, with its own state dir.</summary>
internal sealed class TestDaemon : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private TestDaemon(RunningDaemon daemon, TestUser user, string stateDir)
    {
        Daemon = daemon;
        User = user;
        StateDir = stateDir;
        Http = new HttpClient { BaseAddress = daemon.Gateway, Timeout = TimeSpan.FromMinutes(2) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", daemon.Token);
    }

    public RunningDaemon Daemon { get; }
    public TestUser User { get; }
    public string StateDir { get; }
    public HttpClient Http { get; }

    public static async Task<TestDaemon> StartAsync(SynapseServer server, TestUser user, string room, string? stateDir = null,
        Action<DaemonOptions>? configure = null, IReadOnlyDictionary<string, string>? env = null, bool waitHealthy = true)
    {
        stateDir ??= AgentEnvironment.NewStateDir("daemon");
        var variables = AgentEnvironment.For(server, user, room, stateDir);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) variables[k] = v;
        var settings = AgentEnvironment.Load(variables, stateDir);
        var options = new DaemonOptions { Port = 0, SyncTimeout = TimeSpan.FromSeconds(10), Description = "test daemon" };
        configure?.Invoke(options);
        var daemon = new TestDaemon(await DaemonHost.StartAsync(settings, options, null, CancellationToken.None).WaitAsync(Timeout), user, stateDir);
        if (waitHealthy) await daemon.WaitHealthyAsync();
        return daemon;
    }

    public async Task WaitHealthyAsync()
    {
        await Eventually.WaitAsync(async () =>
        {
            using var r = await Http.GetAsync("/health");
            return r.IsSuccessStatusCode ? "ok" : null;
        }, Timeout, $"daemon of {User.UserId} healthy");
    }

    public async Task<HttpResponseMessage> PostRawAsync(string path, string body) =>
        await Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json")).WaitAsync(Timeout);

    public async Task<SendResponse> SendAsync(SendRequest request)
    {
        using var response = await Http.PostAsJsonAsync("/send", request, GatewayJsonContext.Default.SendRequest).WaitAsync(Timeout);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"send answered {(int)response.StatusCode}: {text}");
        return System.Text.Json.JsonSerializer.Deserialize(text, GatewayJsonContext.Default.SendResponse)!;
    }

    public async Task<ReadResponse> ReadAsync(string query = "")
    {
        using var response = await Http.GetAsync("/read" + query).WaitAsync(Timeout);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"read answered {(int)response.StatusCode}: {text}");
        return System.Text.Json.JsonSerializer.Deserialize(text, GatewayJsonContext.Default.ReadResponse)!;
    }

    public async Task<T> GetAsync<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        (await Http.GetFromJsonAsync(path, type).WaitAsync(Timeout))!;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Daemon.DisposeAsync();
    }
}
