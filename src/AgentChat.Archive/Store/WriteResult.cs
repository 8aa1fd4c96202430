namespace AgentChat.Archive.Store;

/// <summary>Rows one batch actually inserted (rows already archived are not counted), and the bridge answers among them.</summary>
internal readonly record struct WriteResult(int Messages, int Registry, int Receipts, IReadOnlyList<AnswerRow> Answers);
