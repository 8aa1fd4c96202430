namespace AgentChat.Tasks;

/// <summary>Who asked: the account the answer was derived for, and whether the room counts it as human.</summary>
public sealed record AskingAccount(string UserId, bool Human);
