using AgentChat.Matrix;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Matrix;

/// <summary>Against a Synapse with its default rate limits (rc_message: 0.2/s, burst 10).</summary>
public sealed class RateLimitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_burst_past_rc_message_is_absorbed_by_retry_after_without_losing_a_message()
    {
        var server = await SynapseServer.GetAsync(SynapseProfile.Default);
        var user = await server.CreateUserAsync("burst");
        var room = await MatrixTestRoom.CreateAsync(user);
        var impatient = new MatrixClient(new HttpClient(), server.Homeserver, user.AccessToken, new MatrixClientOptions { MaxRateLimitRetries = 0 });

        // Exhaust the burst with a client that does not wait, to see the typed 429 itself.
        MatrixException? limited = null;
        var sent = new List<string>();
        for (var i = 0; i < 30 && limited is null; i++)
        {
            try
            {
                await MatrixTestRoom.SendTextAsync(impatient, room, $"b{i}");
                sent.Add($"b{i}");
            }
            catch (MatrixException e)
            {
                limited = e;
            }
        }
        Assert.NotNull(limited);
        Assert.Equal(MatrixErrorCodes.LimitExceeded, limited.ErrCode);
        Assert.True(limited.IsTransient);
        Assert.True(limited.RetryAfter > TimeSpan.Zero);

        // The patient client waits each retry_after out: every message lands, once.
        var patient = Enumerable.Range(0, 3).Select(i => $"p{i}").ToList();
        foreach (var text in patient) await MatrixTestRoom.SendTextAsync(user.Client, room, text).WaitAsync(Timeout);

        var page = await user.Client.GetMessagesAsync(room, null, Direction.Backward, 100).WaitAsync(Timeout);
        var bodies = MatrixTestRoom.Bodies(page.Chunk).Reverse().ToList();
        Assert.Equal(sent.Concat(patient), bodies);
    }

    [Fact]
    public async Task Admin_override_lifts_the_message_limit_for_one_account()
    {
        var server = await SynapseServer.GetAsync(SynapseProfile.Default);
        var admin = await server.CreateUserAsync("admin", admin: true);
        var agent = await server.CreateUserAsync("agent");
        await admin.Client.OverrideRateLimitAsync(agent.UserId).WaitAsync(Timeout);
        var room = await MatrixTestRoom.CreateAsync(agent);
        var impatient = new MatrixClient(new HttpClient(), server.Homeserver, agent.AccessToken, new MatrixClientOptions { MaxRateLimitRetries = 0 });

        for (var i = 0; i < 25; i++) await MatrixTestRoom.SendTextAsync(impatient, room, $"fast {i}");

        var page = await agent.Client.GetMessagesAsync(room, null, Direction.Backward, 100).WaitAsync(Timeout);
        Assert.Equal(25, MatrixTestRoom.Bodies(page.Chunk).Count(b => b.StartsWith("fast ", StringComparison.Ordinal)));
    }
}
