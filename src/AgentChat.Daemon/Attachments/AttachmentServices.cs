using AgentChat.Attachments;
using AgentChat.Matrix;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Daemon.Attachments;

/// <summary>Wires attachments: the upload limit, the ledger of uploads per txn id, the uploader, and their endpoints.</summary>
internal static class AttachmentServices
{
    public static IServiceCollection AddAttachments(this IServiceCollection services) => services
        .AddSingleton(sp => new UploadLimit(sp.GetRequiredService<MatrixClient>(), sp.GetRequiredService<TimeProvider>()))
        .AddSingleton(sp => new UploadLedger(sp.GetRequiredService<DaemonIdentity>().StateDir, sp.GetRequiredService<TimeProvider>()))
        .AddSingleton<AttachmentUploader>();

    public static IEndpointRouteBuilder MapAttachments(this IEndpointRouteBuilder app)
    {
        app.MapPost("/attach", AttachEndpoint.HandleAsync);
        app.MapGet("/media", MediaEndpoint.HandleAsync);
        return app;
    }
}
