using AgentChat.Configuration;
using AgentChat.Hosting.Rooms;
using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Daemon.Rooms;

/// <summary>Wires the rooms this agent follows and the invites it takes (from allowed inviters only).</summary>
internal static class RoomServices
{
    public static IServiceCollection AddRooms(this IServiceCollection services, AgentChatSettings settings, DaemonIdentity identity) => services
        .AddSingleton(new InvitePolicy(identity.UserId, settings.AllowedInviters))
        .AddSingleton<FollowedRooms>()
        .AddSingleton<InviteJoiner>()
        .AddSingleton<IAfterJoin, DaemonAfterJoin>()
        .AddHostedService<AllowListWatcher>();
}
