using AgentChat.Messages;

namespace AgentChat.Bridge.Work;

/// <summary>
/// One message to answer: the message, the prompt taken from it, and the thread the answer goes to (the message's
/// thread, or a new one rooted at it), which is also the key of its Claude Code session.
/// </summary>
internal sealed record WorkItem(ChatMessage Source, string Prompt)
{
    public string ThreadKey => Source.Thread ?? Source.EventId;

    public string Id => Source.EventId;

    /// <summary>A <c>[TASK]</c> or a human's <c>!task</c> outside any thread: perhaps a task assigned to the bridge (the gateway says).</summary>
    public bool MaybeTask => Source.Thread is null && (Source.Kind == MessageKind.Task
        || Source.Human && AgentChat.Tasks.TaskRoot.IsHumanCommand(Source.Body));
}
