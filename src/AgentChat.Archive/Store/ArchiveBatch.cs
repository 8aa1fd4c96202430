using AgentChat.Messages;

namespace AgentChat.Archive.Store;

/// <summary>What one /sync (with its backfill) brings to be written in one transaction with its token.</summary>
internal sealed class ArchiveBatch
{
    public List<ChatMessage> Messages { get; } = [];
    public List<RegistryRow> Registry { get; } = [];
    public List<ReceiptRow> Receipts { get; } = [];
    /// <summary>The bridge answers among <see cref="Messages"/>, written after them (each row refers to its message).</summary>
    public List<AnswerRow> Answers { get; } = [];

    public bool IsEmpty => Messages.Count == 0 && Registry.Count == 0 && Receipts.Count == 0;
}
