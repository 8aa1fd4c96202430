using System.Net.Http.Json;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Registry;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Presence;

/// <summary>Looks at presence from both sides: the daemon's own /presence, and another daemon's /who.</summary>
internal static class PresenceProbe
{
    public static Task<PresenceResponse> OwnAsync(TestDaemon daemon) => daemon.GetAsync("/presence", GatewayJsonContext.Default.PresenceResponse);

    public static async Task<PresenceResponse> SetAsync(TestDaemon daemon, PresenceRequest request)
    {
        using var response = await daemon.Http.PostAsJsonAsync("/presence", request, GatewayJsonContext.Default.PresenceRequest).WaitAsync(TestDaemon.Timeout);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"presence answered {(int)response.StatusCode}: {text}");
        return System.Text.Json.JsonSerializer.Deserialize(text, GatewayJsonContext.Default.PresenceResponse)!;
    }

    /// <summary>Waits until <paramref name="observer"/>'s /who shows <paramref name="user"/> as <paramref name="condition"/> wants.</summary>
    public static Task<InstanceInfo> SeenAsync(TestDaemon observer, UserId user, Func<InstanceInfo, bool> condition, string what) =>
        Eventually.WaitAsync(async () =>
        {
            var who = await observer.GetAsync("/who", GatewayJsonContext.Default.WhoResponse);
            return who.Instances.FirstOrDefault(i => i.UserId == user.Value && i.Alive && condition(i));
        }, TestDaemon.Timeout, what);

    /// <summary>
    /// An open SSE request to the daemon on its own connection; disposing it closes the connection at once, as a
    /// client process that exits does (a shared client would first drain the stream to reuse the connection).
    /// </summary>
    public static async Task<OpenStream> OpenAsync(TestDaemon daemon, string path)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = daemon.Daemon.Gateway, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = daemon.Http.DefaultRequestHeaders.Authorization;
        var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestDaemon.Timeout);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}");
        return new OpenStream(http, response);
    }

    internal sealed class OpenStream(HttpClient http, HttpResponseMessage response) : IDisposable
    {
        public void Dispose()
        {
            response.Dispose();
            http.Dispose();
        }
    }
}
