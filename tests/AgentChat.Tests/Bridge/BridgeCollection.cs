namespace AgentChat.Tests.Bridge;

/// <summary>The end-to-end bridge tests run one after the other: each runs real Claude Code processes on a 2-core machine.</summary>
[CollectionDefinition(Name)]
public sealed class BridgeCollection
{
    public const string Name = "bridge-e2e";
}
