using System.Globalization;
using AgentChat.Archive.Store;
using Npgsql;

namespace AgentChat.Tests.Archive;

/// <summary>
/// Rows written straight into an archive's <c>messages</c> (as the bench seeds them), so searches run over more than
/// a homeserver could send in a test. Message <c>g</c> is <c>$s{g}</c>: "deploy" in every even one (twice when g % 6 == 0),
/// "kubernetes" in 101, 202, … 707 (three times in 707), "blue green rollout" in 1001 and "green and blue rollout" in 1003;
/// sender <c>agent{g % 5}</c>, kind chat/task/question/status by g % 4, room b (alias <c>#seeded-b:localhost</c>) when
/// g % 3 == 0 else a, a thread rooted at every hundredth, one message a second from <see cref="BaseTs"/>.
/// </summary>
internal static class SeededMessages
{
    public const long BaseTs = 1_764_000_000_000;
    public static readonly string[] Kinds = ["chat", "task", "question", "status"];

    public static async Task InsertAsync(string connectionString, int first, int last)
    {
        await ExecAsync(connectionString, $"""
            INSERT INTO messages (event_id, room_id, room_alias, sender, instance, human, kind, text, body, thread_id, ts, sent_at)
            SELECT '$s' || g, CASE WHEN g % 3 = 0 THEN '!seeded-b:localhost' ELSE '!seeded-a:localhost' END,
                   CASE WHEN g % 3 = 0 THEN '#seeded-b:localhost' END, '@agent' || (g % 5) || ':localhost', 'agent' || (g % 5), false,
                   (ARRAY['chat','task','question','status'])[1 + g % 4], t.text, t.text,
                   CASE WHEN g % 100 <> 0 THEN '$s' || (g - g % 100) END, {BaseTs} + g * 1000::bigint, to_timestamp(({BaseTs} + g * 1000::bigint) / 1000.0)
            FROM generate_series({first}, {last}) g,
                 LATERAL (SELECT concat_ws(' ', 'message', g,
                     CASE WHEN g % 6 = 0 THEN 'deploy the build, then deploy again' WHEN g % 2 = 0 THEN 'deploy the build' END,
                     CASE WHEN g = 707 THEN 'kubernetes kubernetes kubernetes cluster' WHEN g % 101 = 0 AND g <= 707 THEN 'kubernetes once' END,
                     CASE WHEN g = 1001 THEN 'blue green rollout' WHEN g = 1003 THEN 'green and blue rollout' END) AS text) t
            """);
    }

    public static async Task ExecAsync(string connectionString, string sql)
    {
        await using var db = ArchiveDatabase.Open(connectionString);
        await using var cmd = db.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync().WaitAsync(TimeSpan.FromSeconds(120));
    }

    public static async Task<string?> ScalarAsync(string connectionString, string sql)
    {
        await using var db = ArchiveDatabase.Open(connectionString);
        await using var cmd = db.CreateCommand(sql);
        return Convert.ToString(await cmd.ExecuteScalarAsync().WaitAsync(TimeSpan.FromSeconds(60)), CultureInfo.InvariantCulture);
    }

    public static string Id(int g) => "$s" + g.ToString(CultureInfo.InvariantCulture);
}
