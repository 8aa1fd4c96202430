using System.Globalization;

namespace AgentChat.Archive.Api;

/// <summary>
/// Where the next page of a word search starts: within the window of matches that ends at (and includes) the
/// <paramref name="Anchor"/> event, after the first <paramref name="Skip"/> of them in rank order. Written as
/// <c>anchor#skip</c> in <c>next</c>; a bare event id in <c>before</c> keeps its plain meaning (older than it).
/// </summary>
internal sealed record SearchCursor(string Anchor, int Skip)
{
    public override string ToString() => Anchor + "#" + Skip.ToString(CultureInfo.InvariantCulture);

    /// <summary>The cursor in <paramref name="before"/>, or null when it is a bare event id (or not a cursor this archive wrote).</summary>
    public static SearchCursor? Parse(string before)
    {
        var hash = before.LastIndexOf('#');
        if (hash <= 0 || hash == before.Length - 1) return null;
        var digits = before.AsSpan(hash + 1);
        if (digits.Length > 4 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var skip)
            || skip is < 1 or >= RankedSearch.Window)
            return null;
        return new SearchCursor(before[..hash], skip);
    }
}
