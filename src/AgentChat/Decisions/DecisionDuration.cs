using System.Globalization;
using AgentChat.Verbs;

namespace AgentChat.Decisions;

/// <summary>A timeout as a person types it: <c>90</c> or <c>90s</c>, <c>30m</c>, <c>2h</c>, <c>1d</c>; at most 30 days.</summary>
public static class DecisionDuration
{
    public static readonly TimeSpan Longest = TimeSpan.FromDays(30);

    public static TimeSpan Parse(string text, string what = "--timeout")
    {
        var t = text.Trim().ToLowerInvariant();
        var (digits, unit) = t.Length > 0 && char.IsAsciiLetter(t[^1]) ? (t[..^1], t[^1]) : (t, 's');
        if (!double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) || n <= 0 || double.IsInfinity(n))
            throw VerbException.BadRequest("bad_timeout", $"{what} is a duration such as 90s, 30m, 2h or 1d (\"{text}\" is not)");
        var span = unit switch
        {
            's' => TimeSpan.FromSeconds(Math.Min(n, Longest.TotalSeconds + 1)),
            'm' => TimeSpan.FromMinutes(Math.Min(n, Longest.TotalMinutes + 1)),
            'h' => TimeSpan.FromHours(Math.Min(n, Longest.TotalHours + 1)),
            'd' => TimeSpan.FromDays(Math.Min(n, Longest.TotalDays + 1)),
            _ => throw VerbException.BadRequest("bad_timeout", $"{what}: the unit is s, m, h or d (\"{text}\")"),
        };
        if (span > Longest) throw VerbException.BadRequest("bad_timeout", $"{what} is at most 30 days");
        return span;
    }
}
