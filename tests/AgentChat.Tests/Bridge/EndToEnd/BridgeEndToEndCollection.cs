namespace AgentChat.Tests.Bridge.EndToEnd;

/// <summary>The bridge's end-to-end tests run one after the other: each runs real Claude Code processes on a small machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BridgeEndToEndCollection
{
    public const string Name = "bridge-end-to-end";
}
