namespace AgentChat.Bridge.Addressing;

/// <summary>What the bridge does with one message: nothing, refuse its sender (counted), or answer <see cref="Prompt"/>.</summary>
internal sealed record Verdict(VerdictKind Kind, string Prompt = "")
{
    public static readonly Verdict Ignore = new(VerdictKind.Ignore);
    public static readonly Verdict Refused = new(VerdictKind.Refused);
}
