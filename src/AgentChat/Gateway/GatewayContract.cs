using System.Text.Json;
using System.Text.Json.Serialization;
using AgentChat.Messages;
using AgentChat.Registry;

namespace AgentChat.Gateway;

// The gateway's JSON, shared by the daemon that serves it and the CLI that calls it.

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SendRequest
{
    public string? Text { get; init; }
    public string? Kind { get; init; }
    public string? Room { get; init; }
    public string? Dm { get; init; }
    public IReadOnlyList<string>? To { get; init; }
    public string? Thread { get; init; }
    public string? ReplyTo { get; init; }
    public JsonElement? Meta { get; init; }
    public string? TxnId { get; init; }
    /// <summary>A file already uploaded: the message becomes <c>m.file</c>/<c>m.image</c>, <see cref="Text"/> its caption (docs/attachments.md).</summary>
    public Attachments.AttachmentRef? Attachment { get; init; }
}

public sealed record SendResponse(string EventId, string RoomId, string TxnId, IReadOnlyList<string>? Warnings = null);

public sealed record QueuedResponse(bool Queued, string TxnId, IReadOnlyList<string>? Warnings = null);

public sealed record ReadResponse(IReadOnlyList<ChatMessage> Messages, string Next, bool? Gap = null);

public sealed record WhoResponse(IReadOnlyList<InstanceInfo> Instances);

public sealed record SyncStatus(bool Connected, long? LastSyncMs, int ConsecutiveFailures, double BackoffSeconds, string? LastError);

public sealed record StatusResponse
{
    public required string Instance { get; init; }
    public required string UserId { get; init; }
    public required string Homeserver { get; init; }
    public required SyncStatus Sync { get; init; }
    public required int BufferCount { get; init; }
    public required int BufferCapacity { get; init; }
    public required int OutboxDepth { get; init; }
    public required IReadOnlyList<string> Rooms { get; init; }
    public required double UptimeSeconds { get; init; }
    public required string Version { get; init; }
    public string? RegistryProblem { get; init; }
    /// <summary>Events from the homeserver that could not be read at all: logged once each and passed over.</summary>
    public long SkippedEvents { get; init; }

    /// <summary>How often an outbox lane failed unexpectedly and was restarted since the daemon started.</summary>
    public int OutboxLaneFaults { get; init; }

    /// <summary>The last such failure: when, which lane, what.</summary>
    public string? OutboxLastFault { get; init; }

    /// <summary>Questions and tasks in this daemon's rooms that nobody answered in time (docs/receipts-and-loop-guard.md).</summary>
    public IReadOnlyList<Unanswered.UnansweredItem>? Unanswered { get; init; }

    /// <summary>The loop guard's budget and this agent's count per active room/thread (docs/receipts-and-loop-guard.md).</summary>
    public global::AgentChat.LoopGuard.LoopGuardStatus? LoopGuard { get; init; }
}

public sealed record HealthResponse(string Status, string? Reason = null);

public sealed record ErrorBody(string Error, string Code);

/// <summary><c>POST /react</c>: a reaction (<see cref="Key"/>, default 👍) on a message, in <see cref="Room"/> (default the shared room).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReactRequest
{
    public string? EventId { get; init; }
    public string? Key { get; init; }
    public string? Room { get; init; }
    public string? TxnId { get; init; }
}

public sealed record ReactionCount(string Key, int Count, IReadOnlyList<string> Senders);

/// <summary><c>GET /reactions?event_id=&amp;room=</c>: a message's reactions, most given first.</summary>
public sealed record ReactionsResponse(string EventId, IReadOnlyList<ReactionCount> Reactions);
