using System.Text.Json;
using AgentChat.History;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Archive;

/// <summary>`cchat history` and `cchat search` (the AOT binary) against a real archive, and without one (Matrix /messages).</summary>
public sealed class HistoryCliTests
{
    [Fact]
    public async Task History_and_search_read_the_archive_and_fall_back_to_Matrix_with_the_same_output_saying_so()
    {
        var pg = await PostgresServer.GetAsync();
        var server = await SynapseServer.GetAsync();
        var db = await pg.CreateDatabaseAsync("cli");
        var owner = await server.CreateUserAsync("own");
        var reader = await server.CreateUserAsync("arch");
        var (room, alias) = await SharedRoom.CreateAsync(server, owner, reader);
        var first = await TestArchive.SendAsync(owner, room, "the canary rollout is paused");
        var second = await TestArchive.SendAsync(owner, room, "lunch at noon", "question");
        using var cchat = Cchat.For(server, owner, alias);

        // No archive anywhere: Matrix /messages, said on stderr, same shape.
        var fallback = await cchat.RunAsync("history", "--json");
        Assert.True(fallback.ExitCode == 0, fallback.StdErr);
        Assert.Contains("no archive found", fallback.StdErr, StringComparison.Ordinal);
        var fromMatrix = JsonSerializer.Deserialize(fallback.StdOut, HistoryJsonContext.Default.HistoryResponse)!;
        Assert.Equal("matrix", fromMatrix.Source);
        Assert.Equal([first, second], fromMatrix.Messages.Select(m => m.Message.EventId));
        var searched = JsonSerializer.Deserialize(await cchat.OkAsync("search", "canary", "--json"), HistoryJsonContext.Default.HistoryResponse)!;
        Assert.Equal(first, Assert.Single(searched.Messages).Message.EventId);
        Assert.Equal(second, Assert.Single(JsonSerializer.Deserialize(
            await cchat.OkAsync("history", "--kind", "question", "--json"), HistoryJsonContext.Default.HistoryResponse)!.Messages).Message.EventId);

        await using var archive = await TestArchive.StartAsync(server, reader, alias, db);
        await Eventually.WaitAsync(() => archive.HoldsAsync(2), TimeSpan.FromSeconds(120), "archived");
        cchat.Env["AGENTCHAT_ARCHIVE"] = archive.Archive.Url.ToString();
        cchat.Env["AGENTCHAT_ARCHIVE_TOKEN"] = archive.Archive.Token;

        var fromArchive = await cchat.RunAsync("history", "--json");
        Assert.True(fromArchive.ExitCode == 0, fromArchive.StdErr);
        Assert.DoesNotContain("Matrix", fromArchive.StdErr, StringComparison.Ordinal);
        var answer = JsonSerializer.Deserialize(fromArchive.StdOut, HistoryJsonContext.Default.HistoryResponse)!;
        Assert.Equal("archive", answer.Source);
        Assert.Equal(fromMatrix.Messages.Select(m => m.Message), answer.Messages.Select(m => m.Message with { Meta = null }), new SameMessage());

        // the text output is the same either way, a search adds the highlighted match
        var text = await cchat.OkAsync("search", "canary");
        Assert.Contains("the canary rollout is paused", text, StringComparison.Ordinal);
        Assert.Contains("match: the «canary» rollout", text, StringComparison.Ordinal);
        cchat.Env["AGENTCHAT_ARCHIVE_TOKEN"] = "wrong";
        var refused = await cchat.RunAsync("history");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("archive refused", refused.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(archive.Archive.Token, refused.StdErr + refused.StdOut, StringComparison.Ordinal);
    }

    private sealed class SameMessage : IEqualityComparer<Messages.ChatMessage>
    {
        public bool Equals(Messages.ChatMessage? a, Messages.ChatMessage? b) =>
            a is not null && b is not null && a.EventId == b.EventId && a.Sender == b.Sender && a.Kind == b.Kind && a.Text == b.Text
            && a.Ts == b.Ts && a.Human == b.Human && a.Instance == b.Instance && a.Thread == b.Thread;

        public int GetHashCode(Messages.ChatMessage m) => m.EventId.GetHashCode(StringComparison.Ordinal);
    }
}
