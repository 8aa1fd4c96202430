using AgentChat.Messages;

namespace AgentChat.Tasks;

/// <summary>
/// One task folded from its thread, message by message in room order. A message moves the task only when
/// its <c>meta.task</c> is well-formed, names this task, comes from the creator, the assignee or a human, and
/// is a legal move from the state reached so far; anything else is recorded as ignored and changes nothing.
/// So two racing moves resolve by event order: the first legal one wins, the second is judged after it.
/// </summary>
internal sealed class TaskBuilder(ChatMessage root, TaskRoot.Opening opening, TaskDirectory directory)
{
    private readonly List<TaskChange> _history = [];
    private readonly HashSet<string> _askedHumans = new(StringComparer.Ordinal);
    private string _state = opening.Assignee is null ? TaskStates.Open : TaskStates.Assigned;
    private string? _assignee = opening.Assignee;
    private string? _due = opening.Due;
    private IReadOnlyList<string> _waitingOn = [];
    private long _updated = root.Ts;
    private int _replies;

    public string Id => root.EventId;

    public void Apply(ChatMessage m)
    {
        _replies++;
        TrackQuestions(m);
        // meta.task, else a human's typed command (!done, !assign @x): the same rules judge both
        if ((TaskMeta.Read(m) ?? (m.Human ? HumanTaskCommand.Read(m, root.EventId, directory) : null)) is not { } meta) return;
        var reason = Judge(m, meta);
        _history.Add(new TaskChange
        {
            EventId = m.EventId, Sender = m.Sender, Instance = m.Instance, Human = m.Human, Ts = m.Ts,
            State = meta.State, Assignee = meta.State == TaskStates.Assigned ? meta.Assignee : null,
            Applied = reason is null, Reason = reason, Text = m.Text,
        });
        if (reason is not null) return;
        if (meta.State == TaskStates.Assigned) _assignee = meta.Assignee;
        _state = meta.State!;
        _due = meta.Due ?? _due;
        _waitingOn = _state == TaskStates.Blocked ? meta.WaitingOn : [];
        _updated = m.Ts;
    }

    /// <summary>Why this message does not move the task; null when it does.</summary>
    private string? Judge(ChatMessage m, TaskMeta meta)
    {
        if (ReferenceEquals(meta, TaskMeta.Malformed) || !TaskStates.IsValid(meta.State)) return "malformed: meta.task needs a known state";
        if (meta.Id != root.EventId) return "malformed: meta.task.id is not this task";
        if (m.Sender != root.Sender && m.Sender != _assignee && !m.Human) return "not_allowed: only the creator, the assignee or a human may move this task";
        if (meta.State == TaskStates.Assigned && meta.Assignee is null) return "malformed: an assignment needs an assignee (a Matrix id)";
        if (meta.State == TaskStates.Assigned && _state == TaskStates.Assigned && meta.Assignee == _assignee) return null; // a confirmation
        if (!TaskTransitions.CanMove(_state, meta.State!)) return $"invalid_transition: {_state} cannot become {meta.State}";
        return null;
    }

    /// <summary>An agent's question to a human in the thread waits on that human until the human writes in the thread.</summary>
    private void TrackQuestions(ChatMessage m)
    {
        if (m.Human) _askedHumans.Remove(m.Sender);
        else if (m.Kind == MessageKind.Question)
            foreach (var user in m.Mentions)
                if (user != m.Sender && directory.IsHuman(user)) _askedHumans.Add(user);
    }

    public TaskView Build(bool withHistory)
    {
        var waiting = new List<string>();
        if (!TaskStates.IsFinal(_state))
        {
            waiting.AddRange(_waitingOn.Where(directory.IsHuman));
            waiting.AddRange(_askedHumans);
            if (_assignee is not null && _state != TaskStates.Open && directory.IsHuman(_assignee)) waiting.Add(_assignee);
        }
        return new TaskView
        {
            Id = root.EventId,
            RoomId = root.RoomId,
            Room = root.Room,
            Title = opening.Title,
            State = _state,
            Creator = root.Sender,
            CreatorInstance = root.Instance,
            CreatorHuman = root.Human,
            Assignee = _assignee,
            AssigneeInstance = _assignee is null ? null : directory.InstanceOf(_assignee),
            Due = _due,
            CreatedTs = root.Ts,
            UpdatedTs = _updated,
            WaitingOn = waiting.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            Replies = _replies,
            History = withHistory ? _history.ToList() : null,
        };
    }
}
