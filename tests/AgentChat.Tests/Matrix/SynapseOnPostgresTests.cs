using AgentChat.Gateway;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Matrix;

/// <summary>Synapse on PostgreSQL (scripts/synapse.sh start --postgres), as the compose stack and `up.sh --postgres` run it.</summary>
public sealed class SynapseOnPostgresTests
{
    [Fact]
    public async Task Synapse_on_postgres_carries_a_message_between_two_agents()
    {
        var postgres = await PostgresServer.GetAsync();
        var server = await SynapseServer.StartOnPostgresAsync(postgres);
        try
        {
            Assert.StartsWith("postgresql:", server.Database, StringComparison.Ordinal);
            var database = server.Database!["postgresql:".Length..];
            Assert.Equal("C|C|UTF8", await postgres.PsqlAsync(
                $"select datcollate || '|' || datctype || '|' || pg_encoding_to_char(encoding) from pg_database where datname = '{database}'"));

            var owner = await server.CreateUserAsync("own");
            var alice = await server.CreateUserAsync("alice");
            var bob = await server.CreateUserAsync("bob");
            var (_, alias) = await SharedRoom.CreateAsync(server, owner, alice, bob);
            await using var a = await TestDaemon.StartAsync(server, alice, alias);
            await using var b = await TestDaemon.StartAsync(server, bob, alias);
            var start = await b.ReadAsync("?since=0");

            var waiting = b.ReadAsync($"?since={start.Next}&wait=20");
            var sent = await a.SendAsync(new SendRequest { Text = "stored in PostgreSQL", Kind = "status" });
            var read = await waiting;

            Assert.Equal(sent.EventId, Assert.Single(read.Messages).EventId);
            // The event is in Synapse's PostgreSQL tables, not in a SQLite file.
            Assert.Equal("1", await postgres.PsqlAsync($"select count(*) from events where event_id = '{sent.EventId}'", database));
        }
        finally
        {
            await server.DestroyAsync();
        }
    }
}
