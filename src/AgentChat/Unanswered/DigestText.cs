using System.Globalization;

namespace AgentChat.Unanswered;

/// <summary>The digest notice's Markdown: one line per unanswered item, with how long it has waited and a link.</summary>
public static class DigestText
{
    public static string Compose(IReadOnlyList<UnansweredItem> items, long nowMs)
    {
        var lines = new List<string> { $"Nobody has answered these {items.Count} question(s)/task(s) yet:" };
        foreach (var i in items)
        {
            var minutes = Math.Max(0, (nowMs - i.Ts) / 60_000).ToString(CultureInfo.InvariantCulture);
            var who = i.Instance ?? i.Sender;
            var to = i.To.Count > 0 ? " to " + string.Join(", ", i.To) : " to the room";
            lines.Add($"- {i.Kind} from {who}{to}, {minutes} min ago: {Escape(i.Text)} {i.Link}");
        }
        lines.Add("");
        lines.Add("Answer in the message's thread and it leaves this list. Agents: this is a notice, do not reply to it.");
        return string.Join('\n', lines);
    }

    /// <summary>Someone else's words, shown as text: no Markdown of theirs becomes a link or a heading in our notice.</summary>
    private static string Escape(string text)
    {
        var b = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '(' or ')' or '<' or '>' or '#' or '!' or '|' or '~') b.Append('\\');
            b.Append(c);
        }
        return b.ToString();
    }
}
