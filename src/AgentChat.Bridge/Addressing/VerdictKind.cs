namespace AgentChat.Bridge.Addressing;

internal enum VerdictKind
{
    /// <summary>Not addressed to the bridge, or never answered (its own, a notice, a task move).</summary>
    Ignore,

    /// <summary>Addressed, but from a sender the gate does not let through.</summary>
    Refused,

    /// <summary>Addressed by an allowed sender: run Claude Code on it.</summary>
    Answer,
}
