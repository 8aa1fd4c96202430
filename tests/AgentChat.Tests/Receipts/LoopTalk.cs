using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Receipts;

/// <summary>Helpers for the loop guard's rule tests: a send that may be refused, a wait until a daemon has seen an event, a budget.</summary>
internal static class LoopTalk
{
    public static Dictionary<string, string> Budget(int n, Dictionary<string, string>? more = null)
    {
        var env = new Dictionary<string, string>(more ?? []) { ["AGENTCHAT_LOOP_BUDGET"] = n.ToString(CultureInfo.InvariantCulture) };
        return env;
    }

    public static async Task<(HttpStatusCode Status, string Body, string? EventId)> TrySendAsync(TestDaemon d, SendRequest request)
    {
        using var response = await d.Http.PostAsJsonAsync("/send", request, GatewayJsonContext.Default.SendRequest).WaitAsync(TestDaemon.Timeout);
        var body = await response.Content.ReadAsStringAsync();
        var id = response.StatusCode == HttpStatusCode.OK ? JsonSerializer.Deserialize(body, GatewayJsonContext.Default.SendResponse)!.EventId : null;
        return (response.StatusCode, body, id);
    }

    /// <summary>Until <paramref name="d"/>'s daemon has the event (through /sync): what it answers is then what it knows.</summary>
    public static Task<AgentChat.Messages.ChatMessage> WaitSeenAsync(TestDaemon d, string eventId) =>
        Eventually.WaitAsync(async () => (await d.ReadAsync("?since=0&limit=500")).Messages.FirstOrDefault(m => m.EventId == eventId),
            TestDaemon.Timeout, $"{d.User.UserId} sees {eventId}");

    public static int? Hops(AgentChat.Messages.ChatMessage m) =>
        m.Meta is { ValueKind: JsonValueKind.Object } meta && meta.TryGetProperty("hops", out var h) && h.TryGetInt32(out var n) ? n : null;

    public static Task<AgentChat.LoopGuard.LoopGuardStatus> GuardAsync(TestDaemon d) =>
        d.GetAsync("/status", GatewayJsonContext.Default.StatusResponse).ContinueWith(t => t.Result.LoopGuard!, TaskScheduler.Default);
}
