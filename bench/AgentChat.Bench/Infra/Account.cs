using AgentChat.Matrix;

namespace AgentChat.Bench.Infra;

/// <summary>A Matrix account made for this run through the registration shared secret.</summary>
internal sealed record Account(UserId UserId, string Token, MatrixClient Client)
{
    public string Localpart => UserId.Value[1..UserId.Value.IndexOf(':', StringComparison.Ordinal)];
}
