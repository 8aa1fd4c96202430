using System.Globalization;
using AgentChat.Decisions;

namespace AgentChat.Cli.Decisions;

/// <summary>Decisions as short text for people and agents reading a terminal.</summary>
internal static class DecisionText
{
    public static string Show(DecisionView d)
    {
        var lines = new List<string>
        {
            $"{d.Question}  [{d.State}{(d.Closed ? ", poll closed" : "")}]",
            $"asked by {d.AskerInstance ?? d.Asker}{(d.Asked.Count > 0 ? " of " + string.Join(", ", d.Asked) : "")}; " +
            $"may answer: {(d.From.Count > 0 ? string.Join(", ", d.From) : "any human")}{Until(d.ExpiresAt)}",
        };
        lines.AddRange(d.Choices.Select(c => $"  {c.Emoji} {c.Text}: {c.Votes}"));
        if (d.Answer is { } a) lines.Add($"decided: {a.Choice} (by {a.ByInstance ?? a.By}, via {a.Via})");
        lines.AddRange(d.Answers.Skip(1).Select(x => $"  later: {x.Choice} by {x.ByInstance ?? x.By} via {x.Via}"));
        if (d.Ignored > 0) lines.Add($"ignored: {d.Ignored} ({string.Join(", ", d.IgnoredReasons.Select(r => $"{r.Key} {r.Value}"))})");
        if (d.Task is not null) lines.Add($"task: {d.Task}");
        return string.Join('\n', lines);
    }

    public static string NoAnswer(DecisionView d) => d.State switch
    {
        DecisionStates.Closed => $"decision {d.Id} was closed without an answer",
        DecisionStates.Expired => $"decision {d.Id} expired without an answer",
        _ => $"no answer to decision {d.Id} in time (still open: wait again, or `cchat decision show {d.Id}`)"
             + (d.Ignored > 0 ? $"; {d.Ignored} response(s) did not count" : ""),
    };

    private static string Until(long? expiresAt) => expiresAt is { } x
        ? "; until " + DateTimeOffset.FromUnixTimeMilliseconds(x).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
        : "";
}
