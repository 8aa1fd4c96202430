using AgentChat.Matrix;
using AgentChat.Registry;

namespace AgentChat.Cli.Direct;

/// <summary>
/// Before a session claims its instance name without a daemon (<c>cchat mcp</c>, <c>cchat register</c>): another live
/// account holding the name is a 409 <c>name_taken</c> (exit 2). With the shared room out of reach the check is
/// skipped and said so on <paramref name="log"/>: the verbs then fail with their own reason.
/// </summary>
internal static class DirectNameCheck
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(15);

    public static async Task EnsureFreeAsync(MatrixClient client, UserId self, string room, string instance, TextWriter log, TimeProvider time, CancellationToken ct)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(Budget);
        try
        {
            var joined = await client.JoinRoomAsync(room, bounded.Token);
            await NameOwnership.EnsureFreeAsync(client, joined, self, instance, time.GetUtcNow().ToUnixTimeMilliseconds(), bounded.Token);
        }
        catch (MatrixException e)
        {
            await log.WriteLineAsync($"cchat: could not check that no other live agent holds the name {instance}: {e.Message}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await log.WriteLineAsync($"cchat: could not check that no other live agent holds the name {instance}: no answer within {Budget.TotalSeconds:0} s");
        }
    }
}
