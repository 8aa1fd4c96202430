using AgentChat.Configuration;
using Microsoft.AspNetCore.Builder;

namespace AgentChat.Hosting.Web;

/// <summary>
/// Publishes where a started host listens and its bearer token: a 0600 <see cref="DiscoveryFile"/> in a 0700
/// directory, removed when the host stops. Local clients of the same user find the host there.
/// </summary>
public static class DiscoveryPublisher
{
    /// <summary>Writes the file and returns its path.</summary>
    public static string Publish(WebApplication app, string directory, string instance, string userId, Uri url, string token)
    {
        PrivateFile.CreatePrivateDirectory(directory);
        var path = DiscoveryFile.PathFor(directory, instance);
        new DiscoveryFile(instance, userId, url.ToString().TrimEnd('/'), token, Environment.ProcessId).Write(path);
        app.Lifetime.ApplicationStopped.Register(() => File.Delete(path));
        return path;
    }
}
