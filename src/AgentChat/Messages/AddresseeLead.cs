namespace AgentChat.Messages;

/// <summary>
/// The <c>@beta @gamma: </c> that the composer puts before an addressed message's text, so humans see whom
/// it is for. Machines have <c>mentions</c> for that, so an agent's message reads back as its sender wrote it.
/// </summary>
public static class AddresseeLead
{
    public static string Strip(string text)
    {
        var end = text.IndexOf(": ", StringComparison.Ordinal);
        if (end < 2 || text[0] != '@') return text;
        foreach (var name in text[..end].Split(' '))
        {
            if (name.Length < 2 || name[0] != '@' || name.AsSpan(1).IndexOfAny(" \t\n@") >= 0) return text;
        }
        return text[(end + 2)..];
    }
}
