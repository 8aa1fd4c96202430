namespace AgentChat.Tests.Infrastructure;

public enum SynapseProfile
{
    /// <summary>Rate limits lifted: most tests.</summary>
    Relaxed,

    /// <summary>Synapse's own defaults, for the tests that must meet real 429s.</summary>
    Default,
}
