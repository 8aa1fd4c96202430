using System.Globalization;
using System.Text;

namespace AgentChat.Tasks;

/// <summary>
/// A task's title as a state line names it for humans reading the main timeline: its first line, without control
/// or formatting characters (no bidi overrides, no line breaks to fake a second line), whitespace collapsed, and
/// cut at a word near <see cref="MaxLength"/> with an ellipsis. HTML and Markdown are escaped later, as in all text.
/// </summary>
public static class TaskTitle
{
    public const int MaxLength = 60;

    public static string Short(string? title)
    {
        if (string.IsNullOrWhiteSpace(title)) return "";
        var firstLine = title.Trim().Split('\n', 2)[0];
        var clean = new StringBuilder(Math.Min(firstLine.Length, MaxLength * 2));
        var space = false;
        foreach (var c in firstLine)
        {
            var category = char.GetUnicodeCategory(c);
            if (category == UnicodeCategory.Format) continue; // bidi overrides, zero-width marks: gone
            if (char.IsWhiteSpace(c) || category == UnicodeCategory.Control)
            {
                space = clean.Length > 0;
                continue;
            }
            if (space) clean.Append(' ');
            space = false;
            clean.Append(c);
            if (clean.Length > MaxLength + 1) break;
        }
        if (clean.Length <= MaxLength) return clean.ToString();
        var cut = clean.ToString(0, MaxLength);
        var word = cut.LastIndexOf(' ');
        if (word >= MaxLength / 2) cut = cut[..word];
        else if (char.IsHighSurrogate(cut[^1])) cut = cut[..^1];
        return cut.TrimEnd(' ', ',', ';', ':', '.') + "…";
    }
}
