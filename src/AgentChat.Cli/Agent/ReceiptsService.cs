using System.Globalization;
using AgentChat.Cli.Direct;
using AgentChat.Gateway;
using AgentChat.Receipts;
using AgentChat.Unanswered;

namespace AgentChat.Cli.Agent;

/// <summary><c>sent</c> and <c>pending</c> for the CLI verbs and the MCP tools: the daemon's answer, else computed from Matrix directly.</summary>
internal sealed class ReceiptsService(AgentService agent, TimeProvider time)
{
    public Task<SentResponse> SentAsync(bool pendingOnly, int limit, CancellationToken ct)
    {
        var path = $"sent?pending={(pendingOnly ? "true" : "false")}&limit={limit.ToString(CultureInfo.InvariantCulture)}";
        return agent.ViaAsync(g => g.GetAsync(path, GatewayJsonContext.Default.SentResponse, ct), async () =>
        {
            var view = await DirectConversation.LoadAsync(agent.Direct, time, ct);
            return new SentResponse(view.Receipts.Sent(pendingOnly, limit, time.GetUtcNow().ToUnixTimeMilliseconds()), "direct");
        });
    }

    public Task<PendingResponse> PendingAsync(CancellationToken ct) =>
        agent.ViaAsync(g => g.GetAsync("pending", GatewayJsonContext.Default.PendingResponse, ct), async () =>
        {
            var view = await DirectConversation.LoadAsync(agent.Direct, time, ct);
            var after = view.Settings.UnansweredAfter;
            return new PendingResponse(view.Unanswered.Due(time.GetUtcNow().ToUnixTimeMilliseconds(), after), (int)after.TotalSeconds, "direct");
        });
}
