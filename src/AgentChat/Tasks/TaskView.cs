namespace AgentChat.Tasks;

/// <summary>A task as its thread says it is now: derived from the room every time, stored nowhere else.</summary>
public sealed record TaskView
{
    /// <summary>The event id of the <c>[TASK]</c> message that opened the thread.</summary>
    public required string Id { get; init; }
    public required string RoomId { get; init; }
    /// <summary>The room's alias where the reader knows one.</summary>
    public string? Room { get; init; }
    public required string Title { get; init; }
    public required string State { get; init; }
    public required string Creator { get; init; }
    public string? CreatorInstance { get; init; }
    public bool CreatorHuman { get; init; }
    public string? Assignee { get; init; }
    public string? AssigneeInstance { get; init; }
    public string? Due { get; init; }
    public long CreatedTs { get; init; }
    public long UpdatedTs { get; init; }
    /// <summary>The humans the task waits on: named by a block, asked a question in the thread not yet answered, or assigned it.</summary>
    public IReadOnlyList<string> WaitingOn { get; init; } = [];
    public int Replies { get; init; }
    /// <summary>Every attempt to move the task, in room order; only in a single task's answer.</summary>
    public IReadOnlyList<TaskChange>? History { get; init; }
}
