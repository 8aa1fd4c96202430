namespace AgentChat.Archive.Store;

/// <summary>The archive's database is not usable as it is; the message says what to do.</summary>
internal sealed class ArchiveStoreException(string message, Exception? inner = null) : Exception(message, inner);
