using AgentChat.Configuration;
using AgentChat.Daemon;
using AgentChat.Decisions;
using AgentChat.Verbs;

namespace AgentChat.Cli.Commands;

/// <summary>
/// A daemon's heartbeat interval and registry TTL from <c>AGENTCHAT_HEARTBEAT_INTERVAL</c> and <c>AGENTCHAT_REGISTRY_TTL</c>
/// (unset: SPEC's 60 s and 120 s). The TTL is at least twice the interval, so a beat that is late by up to a whole
/// interval still refreshes the entry before readers see it lapse; it is at most an hour, the longest TTL a reader believes.
/// </summary>
internal static class RegistryTiming
{
    public const string IntervalVariable = "AGENTCHAT_HEARTBEAT_INTERVAL";
    public const string TtlVariable = "AGENTCHAT_REGISTRY_TTL";

    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinTtl = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxTtl = TimeSpan.FromMilliseconds(AgentChat.Registry.InstanceEntry.MaxTtlMs);

    public static void Apply(AgentChatSettings settings, DaemonOptions options)
    {
        var interval = Read(settings, IntervalVariable) ?? options.HeartbeatInterval;
        var ttl = Read(settings, TtlVariable) ?? options.RegistryTtl;
        if (ttl < MinTtl || ttl > MaxTtl)
            throw new UsageException($"{TtlVariable} must be from {MinTtl.TotalSeconds:0}s to {MaxTtl.TotalMinutes:0}m, not {ttl.TotalSeconds:0.###}s");
        if (interval < MinInterval)
            throw new UsageException($"{IntervalVariable} must be at least {MinInterval.TotalSeconds:0}s, not {interval.TotalSeconds:0.###}s");
        if (ttl < 2 * interval)
            throw new UsageException($"the registry TTL ({ttl.TotalSeconds:0.###}s) must be at least twice the heartbeat interval ({interval.TotalSeconds:0.###}s): "
                + $"lower {IntervalVariable} or raise {TtlVariable}");
        options.HeartbeatInterval = interval;
        options.RegistryTtl = TimeSpan.FromMilliseconds(Math.Round(ttl.TotalMilliseconds));
    }

    private static TimeSpan? Read(AgentChatSettings settings, string variable)
    {
        if (settings.Environment(variable) is not { Length: > 0 } text) return null;
        try
        {
            return DecisionDuration.Parse(text, variable);
        }
        catch (VerbException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
