namespace AgentChat.Tests.Federation;

/// <summary>The tests of the federated pair run one after another: one of them stops a server.</summary>
[CollectionDefinition(Name)]
public sealed class FederationCollection
{
    public const string Name = "federated pair";
}
