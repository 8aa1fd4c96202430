using AgentChat.History;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Archive;

/// <summary>The archive's word search (docs/archive.md, "Search") over 2,600 seeded messages, through the real service.</summary>
public sealed class SearchTests
{
    private const int Seeded = 2600;

    [Fact]
    public async Task Search_ranks_filters_and_pages_through_every_match_once_even_as_new_messages_arrive()
    {
        var (archive, db) = await StartSeededAsync();
        await using var owned = archive;

        // selective: all 7, best first (three mentions beat one), highlighted
        var k8s = await archive.HistoryAsync("?q=kubernetes");
        Assert.Equal(7, k8s.Messages.Count);
        Assert.Equal(SeededMessages.Id(707), k8s.Messages[0].Message.EventId);
        AssertRanked(k8s.Messages);
        Assert.All(k8s.Messages, m => Assert.Contains("«kubernetes»", m.Snippet, StringComparison.Ordinal));
        Assert.Null(k8s.Next);

        // a phrase, and its words apart
        Assert.Equal(SeededMessages.Id(1001), Assert.Single((await archive.HistoryAsync("?q=%22blue%20green%22")).Messages).Message.EventId);
        Assert.Equal(2, (await archive.HistoryAsync("?q=blue%20green")).Messages.Count);

        // filters with words: sender (instance name), kind, time, room alias, thread
        var from = SeededMessages.BaseTs + 500_000;
        var to = SeededMessages.BaseTs + 1_500_000;
        var filtered = await archive.HistoryAsync($"?q=deploy&sender=agent2&kind=question&from={from}&to={to}&limit=500");
        var expected = Enumerable.Range(500, 1001).Where(g => g % 2 == 0 && g % 5 == 2 && SeededMessages.Kinds[g % 4] == "question").Select(SeededMessages.Id);
        Assert.Equal(expected.Order(StringComparer.Ordinal), filtered.Messages.Select(m => m.Message.EventId).Order(StringComparer.Ordinal));
        var inRoom = await archive.HistoryAsync("?q=kubernetes&room=%23seeded-b%3Alocalhost");
        Assert.Equal([SeededMessages.Id(606), SeededMessages.Id(303)], inRoom.Messages.Select(m => m.Message.EventId).Order(StringComparer.Ordinal).Reverse());
        var thread = await archive.HistoryAsync($"?q=deploy&thread={Uri.EscapeDataString(SeededMessages.Id(1200))}&limit=500");
        Assert.Equal(Enumerable.Range(1200, 99).Where(g => g % 2 == 0).Select(SeededMessages.Id).Order(StringComparer.Ordinal),
            thread.Messages.Select(m => m.Message.EventId).Order(StringComparer.Ordinal));

        // every "deploy" (1,300: more than one window of 1,000) page by page, each once, while newer ones arrive
        var seen = new List<string>();
        string? next = null;
        for (var page = 0; page < 40; page++)
        {
            var answer = await archive.HistoryAsync("?q=deploy&limit=97" + (next is null ? "" : "&before=" + Uri.EscapeDataString(next)));
            AssertRanked(answer.Messages);
            seen.AddRange(answer.Messages.Select(m => m.Message.EventId));
            if (page == 2) await SeededMessages.InsertAsync(db, 3000, 3009); // newer than the search began: not in its pages
            next = answer.Next;
            if (next is null) break;
        }
        Assert.Null(next);
        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Enumerable.Range(1, Seeded).Where(g => g % 2 == 0).Select(SeededMessages.Id).Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));

        // a new search sees them: 3000 and 3006 say it twice, the best rank, newest first
        var fresh = await archive.HistoryAsync("?q=deploy&limit=2");
        Assert.Equal([SeededMessages.Id(3006), SeededMessages.Id(3000)], fresh.Messages.Select(m => m.Message.EventId));
    }

    [Fact]
    public async Task Hostile_search_queries_and_cursors_answer_400_or_an_answer_never_500()
    {
        var (archive, _) = await StartSeededAsync();
        await using var owned = archive;
        string[] queries =
        [
            "&", "|", "!", "(", ")", ":*", "a & b | !c", "deploy:*", "deploy <-> build", "<2>", "'", "''", "\\", "\"", "\"unterminated deploy",
            "-", "--deploy", "-deploy", "or", "OR OR or", "deploy or", "the and of", "%", "_", "💥", "\u0000deploy", "deploy\u0000",
            "\u202edeploy", new string('x', 1000), new string('語', 700) /* 2,100 bytes: one word past PostgreSQL's 2,047, still a URL Kestrel takes */, string.Join(' ', Enumerable.Repeat("deploy", 140)),
            string.Join(' ', Enumerable.Repeat("!(", 300)),
        ];
        foreach (var q in queries)
        {
            using var response = await archive.Http.GetAsync("/history?q=" + Uri.EscapeDataString(q)).WaitAsync(TestDaemon.Timeout);
            Assert.True(response.StatusCode is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.BadRequest,
                $"q '{q[..Math.Min(q.Length, 40)]}' answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        using (var invalidUtf8 = await archive.Http.GetAsync("/history?q=%ED%A0%80deploy%FF").WaitAsync(TestDaemon.Timeout))
            Assert.True(invalidUtf8.StatusCode is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.BadRequest, $"invalid UTF-8 answered {(int)invalidUtf8.StatusCode}");

        Assert.Empty((await archive.HistoryAsync("?q=the%20and%20of")).Messages); // only stop words: nothing to find
        Assert.Empty((await archive.HistoryAsync("?q=-")).Messages);
        using (var tooLong = await archive.Http.GetAsync("/history?q=" + new string('x', HistoryQuery.MaxQueryLength + 1)).WaitAsync(TestDaemon.Timeout))
        {
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, tooLong.StatusCode);
            Assert.Contains("at most 1000", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // cursors this archive never wrote: read as an unknown event id, older than which there is nothing
        foreach (var before in new[] { "#", "#5", "x#1", "$nope#3", "$s10#0", "$s10#-1", "$s10#99999", "$s10#", "$s10##2" })
            Assert.Empty((await archive.HistoryAsync("?q=deploy&before=" + Uri.EscapeDataString(before))).Messages);
    }

    internal static void AssertRanked(IReadOnlyList<HistoryMessage> messages)
    {
        for (var i = 1; i < messages.Count; i++)
            Assert.True(messages[i - 1].Rank >= messages[i].Rank, $"rank {messages[i - 1].Rank} before {messages[i].Rank}");
    }

    private static async Task<(TestArchive Archive, string Db)> StartSeededAsync()
    {
        var pg = await PostgresServer.GetAsync();
        var server = await SynapseServer.GetAsync();
        var db = await pg.CreateDatabaseAsync("find");
        var owner = await server.CreateUserAsync("own");
        var reader = await server.CreateUserAsync("arch");
        var (_, alias) = await SharedRoom.CreateAsync(server, owner, reader);
        var archive = await TestArchive.StartAsync(server, reader, alias, db);
        await Eventually.WaitAsync(() => archive.HoldsAsync(0), TimeSpan.FromSeconds(60), "the archive's tables");
        await SeededMessages.InsertAsync(db, 1, Seeded);
        return (archive, db);
    }
}
