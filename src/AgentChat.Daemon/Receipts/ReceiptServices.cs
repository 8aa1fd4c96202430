using AgentChat.Configuration;
using AgentChat.LoopGuard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Daemon.Receipts;

/// <summary>
/// Wires the watch over this agent's conversations (receipts, loop budgets and unanswered items, with their
/// settings, checked at start) and GET /sent.
/// </summary>
internal static class ReceiptServices
{
    public static IServiceCollection AddReceipts(this IServiceCollection services, AgentChatSettings settings) => services
        .AddSingleton(GuardSettings.From(settings))
        .AddSingleton<ConversationWatch>();

    public static IEndpointRouteBuilder MapSent(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sent", SentEndpoint.Handle);
        return app;
    }
}
