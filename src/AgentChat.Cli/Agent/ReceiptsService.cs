using System.Globalization;
using AgentChat.Gateway;
using AgentChat.Receipts;
using AgentChat.Unanswered;

namespace AgentChat.Cli.Agent;

/// <summary><c>sent</c> and <c>pending</c> for the CLI verbs and the MCP tools: the daemon's answer, else computed from Matrix directly.</summary>
internal sealed class ReceiptsService(AgentService agent, TimeProvider time)
{
    public async Task<SentResponse> SentAsync(bool pendingOnly, int limit, CancellationToken ct)
    {
        if (agent.Gateway is { } gateway)
        {
            try
            {
                var path = $"sent?pending={(pendingOnly ? "true" : "false")}&limit={limit.ToString(CultureInfo.InvariantCulture)}";
                return await gateway.GetAsync(path, GatewayJsonContext.Default.SentResponse, ct);
            }
            catch (GatewayUnavailableException)
            {
            }
        }
        var view = await DirectConversation.LoadAsync(agent, time, ct);
        return new SentResponse(view.Receipts.Sent(pendingOnly, limit, time.GetUtcNow().ToUnixTimeMilliseconds()), "direct");
    }

    public async Task<PendingResponse> PendingAsync(CancellationToken ct)
    {
        if (agent.Gateway is { } gateway)
        {
            try
            {
                return await gateway.GetAsync("pending", GatewayJsonContext.Default.PendingResponse, ct);
            }
            catch (GatewayUnavailableException)
            {
            }
        }
        var view = await DirectConversation.LoadAsync(agent, time, ct);
        var after = view.Settings.UnansweredAfter;
        return new PendingResponse(view.Unanswered.Due(time.GetUtcNow().ToUnixTimeMilliseconds(), after), (int)after.TotalSeconds, "direct");
    }
}
