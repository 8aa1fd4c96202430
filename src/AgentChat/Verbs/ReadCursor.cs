using System.Globalization;

namespace AgentChat.Verbs;

/// <summary>
/// Where a peek starts. <c>next</c> in every read answer is an event id, and an event id works as <c>since</c>
/// through the daemon and in direct mode alike; the daemon also takes the numeric <c>cursor</c> of a message
/// it served, and <c>0</c> means from the start.
/// </summary>
public readonly record struct ReadCursor(long? Position, string? EventId)
{
    public const string Start = "0";

    public static ReadCursor Parse(string value)
    {
        if (value.StartsWith('$') && value.Length > 1) return new ReadCursor(null, value);
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var position)) return new ReadCursor(position, null);
        throw VerbException.BadRequest("bad_since", "\"since\" must be the \"next\" of an earlier read (an event id), a message's cursor, or 0");
    }

    public override string ToString() => EventId ?? Position?.ToString(CultureInfo.InvariantCulture) ?? Start;
}
