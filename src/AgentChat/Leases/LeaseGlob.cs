namespace AgentChat.Leases;

/// <summary>
/// Lease patterns: globs over repository-relative paths, <c>/</c>-separated. <c>*</c> and <c>?</c> match within one
/// segment, a whole segment <c>**</c> matches any number of segments (none too), and a trailing <c>/</c> means the
/// whole tree below. Two patterns overlap when some path could match both: decided exactly for <c>*</c>, <c>?</c>,
/// <c>**</c> and literals, by intersecting the two as automata (polynomial, no backtracking); anything else a glob
/// dialect might mean (<c>[...]</c>, <c>{...}</c>, <c>\</c>) makes its segment match anything, and letters match
/// regardless of case — so when unsure, two patterns overlap.
/// </summary>
public static class LeaseGlob
{
    public const int MaxLength = 256;
    private const string Deep = "**";

    /// <summary>
    /// The pattern as leases hold it (<c>./</c> and doubled slashes dropped, a trailing <c>/</c> made <c>/**</c>), or null
    /// when it is no repository-relative pattern: empty, absolute, <c>..</c>, control characters, too long.
    /// </summary>
    public static string? Normalize(string? pattern)
    {
        if (pattern is null) return null;
        var p = pattern.Trim();
        if (p.Length is 0 or > MaxLength || p[0] == '/' || p.Any(char.IsControl)) return null;
        var tree = p.EndsWith('/');
        var segments = p.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        if (segments.Count == 0 || segments.Contains("..")) return null;
        if (tree && segments[^1] != Deep) segments.Add(Deep);
        var normal = string.Join('/', segments);
        return normal.Length <= MaxLength ? normal : null;
    }

    /// <summary>True when some path matches both (normalized) patterns.</summary>
    public static bool Overlap(string a, string b)
    {
        var x = a.Split('/');
        var y = b.Split('/');
        var seen = new bool[x.Length + 1, y.Length + 1];
        var todo = new Stack<(int I, int J)>();
        todo.Push((0, 0));
        while (todo.TryPop(out var s))
        {
            var (i, j) = s;
            if (seen[i, j]) continue;
            seen[i, j] = true;
            if (i == x.Length && j == y.Length) return true;
            var deepX = i < x.Length && x[i] == Deep;
            var deepY = j < y.Length && y[j] == Deep;
            if (deepX) todo.Push((i + 1, j)); // ** matching no segment
            if (deepY) todo.Push((i, j + 1));
            if (i < x.Length && j < y.Length && (deepX || deepY || SegmentsOverlap(x[i], y[j])))
                todo.Push((deepX ? i : i + 1, deepY ? j : j + 1)); // one segment both match; ** may take more
        }
        return false;
    }

    /// <summary>True when <paramref name="path"/> (a plain path, as git names it) falls under <paramref name="pattern"/>, conservatively.</summary>
    public static bool Covers(string pattern, string path) => Normalize(path) is { } p && Overlap(pattern, p);

    /// <summary>True when some segment (no <c>/</c>) matches both segment globs.</summary>
    private static bool SegmentsOverlap(string a, string b)
    {
        if (Unsure(a) || Unsure(b)) return true;
        var seen = new bool[a.Length + 1, b.Length + 1];
        var todo = new Stack<(int I, int J)>();
        todo.Push((0, 0));
        while (todo.TryPop(out var s))
        {
            var (i, j) = s;
            if (seen[i, j]) continue;
            seen[i, j] = true;
            if (i == a.Length && j == b.Length) return true;
            var starA = i < a.Length && a[i] == '*';
            var starB = j < b.Length && b[j] == '*';
            if (starA) todo.Push((i + 1, j)); // * matching nothing
            if (starB) todo.Push((i, j + 1));
            if (i < a.Length && j < b.Length && SameChar(a[i], b[j]))
                todo.Push((starA ? i : i + 1, starB ? j : j + 1)); // one character both match; * may take more
        }
        return false;
    }

    private static bool SameChar(char a, char b) =>
        a is '*' or '?' || b is '*' or '?' || char.ToLowerInvariant(a) == char.ToLowerInvariant(b);

    /// <summary>A segment written in a glob dialect this does not read: it may match anything.</summary>
    private static bool Unsure(string segment) => segment.AsSpan().IndexOfAny("[]{}\\") >= 0;
}
