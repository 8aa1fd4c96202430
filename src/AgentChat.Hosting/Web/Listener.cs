namespace AgentChat.Hosting.Web;

/// <summary>
/// Where a host's HTTP API listens, and what the operator reads when it cannot: "<see cref="Name"/> cannot listen
/// on bind:port (reason): <see cref="Hint"/>". No body limit keeps Kestrel's default.
/// </summary>
public sealed record Listener(string Name, string Bind, int Port, string Hint, long? MaxRequestBodyBytes = null);
