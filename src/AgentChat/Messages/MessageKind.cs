namespace AgentChat.Messages;

/// <summary>The kinds of message agents exchange; each but chat carries a body prefix humans can read.</summary>
public static class MessageKind
{
    public const string Chat = "chat";
    public const string Task = "task";
    public const string Question = "question";
    public const string Status = "status";

    public static readonly IReadOnlyList<string> All = [Chat, Task, Question, Status];

    public static bool IsValid(string? kind) => kind is Chat or Task or Question or Status;

    public static string? Prefix(string kind) => kind switch
    {
        Task => "[TASK]",
        Question => "[QUESTION]",
        Status => "[STATUS]",
        _ => null,
    };

    /// <summary>The kind a body's prefix announces (a human may type one too), and the text after it.</summary>
    public static (string Kind, string Text) FromBody(string body)
    {
        foreach (var kind in (ReadOnlySpan<string>)[Task, Question, Status])
        {
            var prefix = Prefix(kind)!;
            if (body.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                return (kind, body[prefix.Length..].TrimStart());
        }
        return (Chat, body);
    }
}
