namespace AgentChat.Tests.Infrastructure;

public sealed partial class SynapseServer
{
    /// <summary>What scripts/synapse.sh says the server stores its data in: <c>sqlite</c> or <c>postgresql:&lt;database&gt;</c>.</summary>
    public string? Database { get; private init; }

    /// <summary>A dedicated Synapse (relaxed profile) whose database is a fresh one in <paramref name="postgres"/>.</summary>
    public static Task<SynapseServer> StartOnPostgresAsync(PostgresServer postgres) => StartAsync(SynapseProfile.Relaxed, dedicated: true, postgres);

    /// <summary>Stops a dedicated server and deletes its data (its PostgreSQL database included).</summary>
    public async Task DestroyAsync()
    {
        var dir = DataDir ?? throw new InvalidOperationException("an external homeserver cannot be destroyed by the tests");
        var r = await ProcessRunner.RunAsync("bash", [RepoPaths.SynapseScript, "destroy", dir], TimeSpan.FromMinutes(2));
        if (r.ExitCode != 0) throw new InvalidOperationException($"synapse.sh destroy failed: {r.StdErr}");
    }
}
