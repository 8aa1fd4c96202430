using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Registry;
using AgentChat.Tasks;
using AgentChat.Verbs;

namespace AgentChat.Decisions;

/// <summary>
/// What the decision rules need from where they run: the daemon (its caches, its one send path) or the CLI's direct mode
/// (this account's own REST calls). <see cref="DecisionService"/> holds the rules; the two hosts only adapt.
/// </summary>
public interface IDecisionRoom
{
    UserId Self { get; }
    string Instance { get; }
    MatrixClient Client { get; }
    Task<IReadOnlyList<InstanceInfo>> RegistryAsync(CancellationToken ct);
    Task<SenderDirectory> SendersAsync(CancellationToken ct);
    Task<Recipient> ResolveAsync(string name, IReadOnlyList<InstanceInfo> registry, List<string> warnings, CancellationToken ct);

    /// <summary>A room by alias or id; null means the shared room.</summary>
    Task<RoomId> RoomAsync(string? name, CancellationToken ct);

    /// <summary>The followed room holding event <paramref name="id"/> (the shared room first); 404 when none does.</summary>
    Task<RoomId> RoomOfAsync(string id, string? hint, CancellationToken ct);

    /// <summary>A poll, its text line or its end, straight to the homeserver (no outbox: the decision's own events), once per transaction id.</summary>
    Task<EventId> SendEventAsync(RoomId room, string type, byte[] content, string txnId, CancellationToken ct);

    Task<TaskRoomReader> TaskReaderAsync(RoomId room, CancellationToken ct);

    /// <summary>A task message through the host's send path (the daemon's outbox, or a direct send).</summary>
    Task<TaskSent> SendTaskAsync(SendRequest request, CancellationToken ct);
}
