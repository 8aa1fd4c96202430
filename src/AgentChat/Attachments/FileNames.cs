using System.Globalization;
using System.Text;

namespace AgentChat.Attachments;

/// <summary>
/// A stranger's file name made into one harmless path component: no directories, no control or bidi characters,
/// no leading dots, at most <see cref="MaxLength"/> characters (the extension kept); <c>attachment</c> when nothing is left.
/// </summary>
public static class FileNames
{
    public const int MaxLength = 120;
    public const string Fallback = "attachment";

    public static string Sanitize(string? name)
    {
        if (string.IsNullOrEmpty(name)) return Fallback;
        // Only the last component counts: "../../etc/passwd" is "passwd", "C:\x\y.txt" is "y.txt".
        var cut = Math.Max(name.LastIndexOf('/'), name.LastIndexOf('\\'));
        if (cut >= 0) name = name[(cut + 1)..];
        var b = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes()) b.Append(IsHarmless(rune) ? rune.ToString() : "_");
        var clean = b.ToString().Trim().TrimStart('.').TrimEnd('.', ' ');
        if (clean.Length > MaxLength)
        {
            var ext = Path.GetExtension(clean);
            if (ext.Length > 16) ext = "";
            clean = Truncate(clean[..^ext.Length], MaxLength - ext.Length).TrimEnd('.', ' ') + ext;
        }
        return clean.Length == 0 ? Fallback : clean;
    }

    private static bool IsHarmless(Rune rune) =>
        rune.Value is not (':' or '*' or '?' or '"' or '<' or '>' or '|' or 0xFFFD)
        && Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator);

    /// <summary>At most <paramref name="max"/> UTF-16 units, never half a surrogate pair.</summary>
    private static string Truncate(string s, int max)
    {
        if (s.Length <= max) return s;
        var end = char.IsHighSurrogate(s[max - 1]) ? max - 1 : max;
        return s[..end];
    }
}
