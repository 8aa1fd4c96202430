using AgentChat.LoopGuard;

namespace AgentChat.Daemon.LoopGuard;

/// <summary>
/// A send the loop guard let through: its scope, and whether it answers another agent — then it holds one slot
/// of the budget until it is counted (delivered) or given back (failed, or queued for later).
/// </summary>
internal sealed record LoopSlot(LoopScope Scope, bool Counts);
