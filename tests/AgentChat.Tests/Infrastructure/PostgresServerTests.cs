namespace AgentChat.Tests.Infrastructure;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task A_fresh_database_survives_a_restart_of_a_dedicated_server()
    {
        var pg = await PostgresServer.StartDedicatedAsync();
        var db = await pg.CreateDatabaseAsync();
        var name = db.Split("Database=")[1];
        await pg.PsqlAsync("create table t(x int); insert into t values (42)", name);
        await pg.StopAsync();
        await pg.RestartAsync();
        Assert.Equal("42", await pg.PsqlAsync("select x from t", name));
    }
}
