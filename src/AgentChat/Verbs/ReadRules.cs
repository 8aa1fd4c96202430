using System.Globalization;
using AgentChat.Matrix;
using AgentChat.Messages;

namespace AgentChat.Verbs;

/// <summary>The limits of a read and the rule for what an unread read shows and marks read, in one place.</summary>
public static class ReadRules
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;
    public const int MaxWaitSeconds = 3600;

    /// <summary>Checks a read's parameters as the gateway's query string gives them; the CLI's and MCP's map onto the same.</summary>
    public static ReadRequest Parse(string? since, string? limit, string? wait, string? kind, string? mentions, string? room)
    {
        var cursor = string.IsNullOrEmpty(since) ? (ReadCursor?)null : ReadCursor.Parse(since);
        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
            throw VerbException.BadRequest("bad_limit", $"\"limit\" must be a whole number from 1 to {MaxLimit}");
        var seconds = 0.0;
        if (wait is not null && (!double.TryParse(wait, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) || double.IsNaN(seconds) || seconds is < 0 or > MaxWaitSeconds))
            throw VerbException.BadRequest("bad_wait", $"\"wait\" must be seconds from 0 to {MaxWaitSeconds}");
        if (kind is not null && !MessageKind.IsValid(kind))
            throw VerbException.BadRequest("bad_kind", $"\"kind\" must be one of {string.Join(", ", MessageKind.All)}");
        if (mentions is not (null or "" or "me")) throw VerbException.BadRequest("bad_mentions", "\"mentions\" takes only \"me\"");
        if (room is { Length: 0 }) throw VerbException.BadRequest("empty_target", "\"room\" must not be empty");
        return new ReadRequest(cursor, count, room, kind, mentions == "me", TimeSpan.FromSeconds(seconds));
    }

    /// <summary>
    /// The unread rule. Walking the unread messages oldest first: others' messages that pass the filter are
    /// shown, up to the limit. Everything walked past counts as read, the skipped and this agent's own
    /// included, so the marker moves to the last message looked at: the one that filled the limit, else the
    /// newest. A filtered read therefore marks the others read too, and a later read never shows them.
    /// </summary>
    public static UnreadSelection SelectUnread(IEnumerable<ChatMessage> unreadOldestFirst, UserId self, ReadRequest request)
    {
        var shown = new List<ChatMessage>();
        var readThrough = new Dictionary<string, ChatMessage>(StringComparer.Ordinal);
        ChatMessage? last = null;
        foreach (var message in unreadOldestFirst)
        {
            readThrough[message.RoomId] = last = message;
            if (message.Sender != self.Value && request.Matches(message, self)) shown.Add(message);
            if (shown.Count == request.Limit) break;
        }
        return new UnreadSelection(shown, readThrough, last?.EventId);
    }
}

/// <summary>What an unread read shows, the last message it consumed per room (where each marker moves), and the newest consumed.</summary>
public sealed record UnreadSelection(IReadOnlyList<ChatMessage> Shown, IReadOnlyDictionary<string, ChatMessage> ReadThrough, string? LastEventId);
