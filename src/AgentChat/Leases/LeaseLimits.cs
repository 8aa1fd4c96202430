using System.Globalization;
using AgentChat.Verbs;

namespace AgentChat.Leases;

/// <summary>
/// What a lease may hold, for the one who takes it and for every reader: a reader skips what is past these, so a
/// member's absurd lease (10,000 patterns, a year's TTL, huge strings) binds nobody.
/// </summary>
public static class LeaseLimits
{
    public const int MaxPatterns = 32;
    public const int MaxLeasesPerHolder = 32;
    public const int MaxReasonLength = 200;
    public const int MaxIdLength = 64;

    /// <summary>Bytes of the holder's state content we write: the homeserver refuses an event over 65,536 bytes.</summary>
    public const int MaxContentBytes = 60_000;

    public static readonly TimeSpan DefaultTtl = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan MinTtl = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxTtl = TimeSpan.FromHours(24);

    /// <summary>How far ahead of a reader's clock a lease's times may be (clock skew) before it reads as forged.</summary>
    public static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A TTL as typed: <c>90s</c>, <c>30m</c>, <c>2h</c>, <c>1d</c> or plain seconds; the default when absent. A 400
    /// <see cref="VerbException"/> says what is wrong, including a TTL outside <see cref="MinTtl"/>..<see cref="MaxTtl"/>.
    /// </summary>
    public static TimeSpan ParseTtl(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return DefaultTtl;
        var t = text.Trim().ToLowerInvariant();
        var unit = char.IsLetter(t[^1]) ? t[^1] : 's';
        var number = char.IsLetter(t[^1]) ? t[..^1] : t;
        TimeSpan? ttl = long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 10_000_000 ? unit switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => null,
        } : null;
        if (ttl is not { } value)
            throw VerbException.BadRequest("bad_ttl", $"\"ttl\" must be a duration such as 90s, 30m or 2h (got \"{Cut(text)}\")");
        if (value < MinTtl || value > MaxTtl)
            throw VerbException.BadRequest("bad_ttl", $"a lease lasts from {MinTtl.TotalSeconds:0} s to {MaxTtl.TotalHours:0} h; take it again to extend it");
        return value;
    }

    /// <summary>A short single line of a stranger's or caller's text, for an error or a notice.</summary>
    public static string Cut(string text, int max = 60)
    {
        var line = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return line.Length <= max ? line : line[..max] + "…";
    }
}
