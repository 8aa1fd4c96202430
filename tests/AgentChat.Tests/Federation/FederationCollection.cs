namespace AgentChat.Tests.Federation;

/// <summary>The tests of the federated servers run one after another: some of them stop a server.</summary>
[CollectionDefinition(Name)]
public sealed class FederationCollection
{
    public const string Name = "federated servers";
}
