using System.Net;
using System.Text.Json;
using AgentChat.Bridge.Feed;
using AgentChat.Gateway;
using AgentChat.Messages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentChat.Tests.Bridge;

/// <summary>
/// The bridge's feed from its daemon's <c>/events</c> (here a real Kestrel serving the same Server-Sent Events): one
/// message whose handling throws is logged and passed over; the stream goes on with the next. Before, the exception
/// ended the feed's loop silently and no live message reached the bridge again.
/// </summary>
public sealed class EventStreamTests
{
    [Fact]
    public async Task A_message_whose_handling_throws_does_not_end_the_feed()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.Run(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            foreach (var (cursor, id) in new[] { (1L, "$poison"), (2L, "$next") })
                await context.Response.WriteAsync($"id: {cursor}\nevent: message\ndata: {Json(id)}\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted); // held open, as the daemon holds it
        });
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = Timeout.InfiniteTimeSpan };

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var handled = new List<string>();
        var stream = new EventStream(http, TimeProvider.System, NullLogger<EventStream>.Instance);
        await stream.RunAsync((m, _) =>
        {
            handled.Add(m.EventId);
            if (m.EventId == "$poison") throw new InvalidOperationException("a bug met by one message");
            stop.Cancel();
            return Task.CompletedTask;
        }, stop.Token);

        Assert.Equal(["$poison", "$next"], handled);
    }

    private static string Json(string eventId) => JsonSerializer.Serialize(new ChatMessage
    {
        EventId = eventId, RoomId = "!room:localhost", Sender = "@human:localhost", Kind = MessageKind.Chat, Text = "hello", Body = "hello", Human = true,
    }, GatewayJsonContext.Default.ChatMessage);
}
