using System.Globalization;
using System.Text.Json;
using AgentChat.Decisions;
using AgentChat.Tasks;

namespace AgentChat.Cli.Gateway;

internal sealed partial class GatewayClient
{
    private static DecisionsJsonContext DecisionJson => DecisionsJsonContext.Default;

    public async Task<DecisionAskResponse> AskDecisionAsync(DecisionAskRequest request, CancellationToken ct)
    {
        using var response = await CallAsync(HttpMethod.Post, "decisions", JsonSerializer.SerializeToUtf8Bytes(request, DecisionJson.DecisionAskRequest), TimeSpan.FromSeconds(60), ct);
        return Deserialize(await response.Content.ReadAsByteArrayAsync(ct), DecisionJson.DecisionAskResponse);
    }

    public Task<DecisionView> DecisionAsync(string id, string? room, CancellationToken ct) =>
        GetAsync(DecisionPath(id, "", room), DecisionJson.DecisionView, ct);

    /// <summary>One long-poll of at most <paramref name="seconds"/> (the gateway takes up to 300 per call).</summary>
    public async Task<DecisionWaitResponse> WaitDecisionAsync(string id, string? room, int seconds, CancellationToken ct)
    {
        var path = DecisionPath(id, "/wait", room) + (room is null ? "?" : "&") + "timeout=" + seconds.ToString(CultureInfo.InvariantCulture);
        using var response = await CallAsync(HttpMethod.Get, path, null, CallTimeout + TimeSpan.FromSeconds(seconds), ct);
        return Deserialize(await response.Content.ReadAsByteArrayAsync(ct), DecisionJson.DecisionWaitResponse);
    }

    public async Task<TaskMoveResponse> BlockOnDecisionAsync(string id, DecisionBlockRequest request, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, DecisionJson.DecisionBlockRequest);
        using var response = await CallAsync(HttpMethod.Post, DecisionPath(id, "/block", null), body, TimeSpan.FromSeconds(60), ct);
        return Deserialize(await response.Content.ReadAsByteArrayAsync(ct), TasksJsonContext.Default.TaskMoveResponse);
    }

    private static string DecisionPath(string id, string tail, string? room) =>
        "decisions/" + Uri.EscapeDataString(id) + tail + (room is null ? "" : "?room=" + Uri.EscapeDataString(room));
}
