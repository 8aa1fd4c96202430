using System.Globalization;
using AgentChat.Configuration;

namespace AgentChat.LoopGuard;

/// <summary>
/// The loop guard's budget and the unanswered list's timings, from <see cref="AgentChatSettings"/>
/// (<c>loop_budget</c>, <c>unanswered_after_seconds</c>, <c>digest_interval_seconds</c>, or their AGENTCHAT_ variables).
/// </summary>
public sealed record GuardSettings(int LoopBudget, TimeSpan UnansweredAfter, TimeSpan DigestInterval)
{
    public static readonly GuardSettings Default = new(LoopGuard.LoopBudget.DefaultBudget, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));

    public static GuardSettings From(AgentChatSettings settings) => new(
        Number(settings.LoopBudget, "loop_budget", "AGENTCHAT_LOOP_BUDGET", Default.LoopBudget, 1, 100_000),
        TimeSpan.FromSeconds(Number(settings.UnansweredAfter, "unanswered_after_seconds", "AGENTCHAT_UNANSWERED_AFTER", (int)Default.UnansweredAfter.TotalSeconds, 1, 7 * 86_400)),
        TimeSpan.FromSeconds(Number(settings.DigestInterval, "digest_interval_seconds", "AGENTCHAT_DIGEST_INTERVAL", (int)Default.DigestInterval.TotalSeconds, 1, 7 * 86_400)));

    private static int Number(Setting setting, string key, string variable, int fallback, int min, int max)
    {
        if (!setting.HasValue) return fallback;
        return int.TryParse(setting.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n
            : throw new SettingsException($"{key} ({variable}) must be a whole number from {min} to {max}, not '{setting.Value}'");
    }
}
