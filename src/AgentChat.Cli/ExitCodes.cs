namespace AgentChat.Cli;

/// <summary>What cchat returns: scripts and agents decide from these, never from the text.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad flags, a missing setting, input the command cannot take.</summary>
    public const int Usage = 1;

    /// <summary>The homeserver or the gateway failed; the reason is on stderr.</summary>
    public const int Failure = 2;

    /// <summary>A wait ended without what it waited for: <c>decision wait</c> with no answer in time.</summary>
    public const int NoAnswer = 3;

    /// <summary>A lease is in the way: another live agent holds a path exclusively (<c>lease take</c>, <c>check</c>, <c>guard</c>).</summary>
    public const int Held = 4;

    public const int Cancelled = 130;
}
