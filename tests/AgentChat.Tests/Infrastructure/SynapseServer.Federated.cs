namespace AgentChat.Tests.Infrastructure;

public sealed partial class SynapseServer
{
    /// <summary>One of the federated servers; scripts/federation.sh stops and starts it, not this class.</summary>
    internal static SynapseServer OfPair(Uri homeserver, string secret, string serverName, string logPath) =>
        new(homeserver, secret, serverName, null, logPath);
}
