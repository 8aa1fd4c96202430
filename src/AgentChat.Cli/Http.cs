namespace AgentChat.Cli;

/// <summary>The one HttpClient of the process, made when a verb first needs the network.</summary>
internal static class Http
{
    private static readonly Lazy<HttpClient> Instance = new(() => new HttpClient(new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // each call carries its own budget
    });

    public static HttpClient Client => Instance.Value;
}
