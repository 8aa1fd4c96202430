using AgentChat.LoopGuard;
using AgentChat.Messages;

namespace AgentChat.Leases;

/// <summary>
/// What humans read of leases: one <c>m.notice</c> line per change (taken, released, released at a human's request),
/// tagged <c>meta.notice = "lease"</c> like AgentChat's other notices, so no agent counts or answers it. And a human's
/// <c>!release PATH</c>, the one lease command a person types.
/// </summary>
public static class LeaseNotice
{
    public const string Tag = "lease";

    /// <summary>At most one new notice per holder this often; what changes in between joins the next (daemon) or the last (direct mode) one.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>Lines in one notice.</summary>
    public const int MaxLines = 20;
    private const string ReleaseCommand = "!release";

    public static string Taken(Lease l) =>
        $"🔒 took {(l.IsShared ? "a shared" : "an exclusive")} lease on {Patterns(l)} until {LeaseText.Time(l.ExpiresAt)}" + (l.Reason is { } r ? $": {r}" : "");

    public static string Released(Lease l, string? byHuman = null) =>
        $"🔓 released {Patterns(l)}" + (byHuman is null ? "" : $" at {byHuman}'s request");

    /// <summary>The notice's event content: kind status (an <c>m.notice</c>) from <paramref name="instance"/>, one line per change.</summary>
    public static byte[] Content(string instance, IEnumerable<string> lines) => MessageComposer.Compose(new OutgoingMessage
    {
        Text = string.Join("\n\n", lines),
        Kind = MessageKind.Status,
        Instance = instance,
        Meta = MetaFields.With(null, Observed.NoticeField, Tag),
    });

    /// <summary>The path of a human's <c>!release PATH</c>, or null when the body is no such command.</summary>
    public static string? ReleasePath(string? body)
    {
        if (body is null || !body.StartsWith(ReleaseCommand, StringComparison.OrdinalIgnoreCase)) return null;
        var rest = body[ReleaseCommand.Length..];
        if (rest.Length == 0 || !char.IsWhiteSpace(rest[0])) return null;
        var path = rest.Trim().Trim('`');
        return path.Contains('\n') ? null : LeaseGlob.Normalize(path);
    }

    private static string Patterns(Lease l) => string.Join(", ", l.Patterns.Select(p => $"`{p.Replace("`", "'", StringComparison.Ordinal)}`"));
}
