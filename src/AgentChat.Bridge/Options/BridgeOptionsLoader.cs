using System.Globalization;
using System.Text.Json;
using AgentChat.Configuration;

namespace AgentChat.Bridge.Options;

/// <summary>
/// Resolves <see cref="BridgeOptions"/>: flag, else <c>AGENTCHAT_BRIDGE_*</c>, else the config file's <c>bridge</c>
/// section, else the default. A value out of range stops the bridge at start with a line naming where it came from.
/// </summary>
public static class BridgeOptionsLoader
{
    public const string AllowVariable = "AGENTCHAT_BRIDGE_ALLOW";

    public static BridgeOptions Load(AgentChatSettings settings, BridgeFlags flags)
    {
        var file = ReadSection(settings.ConfigPath);
        var env = settings.Environment;
        var o = new BridgeOptions();
        if (Pick(flags.Concurrency, "--concurrency", env, "CONCURRENCY", Num(file.Concurrency), "concurrency") is { } c) o.Concurrency = Int(c, 1, 64);
        if (Pick(flags.Timeout, "--timeout", env, "TIMEOUT", Num(file.TimeoutSeconds), "timeout_seconds") is { } t) o.Timeout = TimeSpan.FromSeconds(Int(t, 1, 86_400));
        if (Pick(flags.MaxTurns, "--max-turns", env, "MAX_TURNS", Num(file.MaxTurns), "max_turns") is { } m) o.MaxTurns = Int(m, 1, 10_000);
        if (Pick(flags.Model, "--model", env, "MODEL", file.Model, "model") is { } model) o.Model = Word(model, "a model name such as sonnet");
        if (Pick(flags.AllowedTools is { Count: > 0 } ft ? string.Join(',', ft) : null, "--allowed-tools", env, "ALLOWED_TOOLS",
                file.AllowedTools is { } at ? string.Join(',', at) : null, "allowed_tools") is { } tools)
            o.AllowedTools = Tools(tools);
        if (Pick(flags.PermissionMode, "--permission-mode", env, "PERMISSION_MODE", file.PermissionMode, "permission_mode") is { } pm)
            o.PermissionMode = BridgeOptions.PermissionModes.Contains(pm.Value) ? pm.Value
                : throw Bad(pm, $"one of {string.Join(", ", BridgeOptions.PermissionModes)}");
        if (Pick(flags.WorkDir, "--workdir", env, "WORKDIR", file.Workdir, "workdir") is { } wd)
            o.WorkDir = Directory.Exists(wd.Value) ? Path.GetFullPath(wd.Value) : throw Bad(wd, "an existing directory");
        if (Pick(flags.Claude, "--claude", env, "CLAUDE", file.Claude, "claude") is { } claude) o.Claude = claude.Value;
        if (Pick(flags.Allow, "--allow", env, "ALLOW", file.Allow is { } al ? string.Join(',', al) : null, "allow") is { } allow) o.Allow = allow.Value;
        if (Pick(flags.StatusAfter, "--status-after", env, "STATUS_AFTER", Num(file.StatusAfterSeconds), "status_after_seconds") is { } sa)
            o.StatusAfter = TimeSpan.FromSeconds(Int(sa, 0, 3600));
        if (Pick(flags.MaxBudgetUsd, "--max-budget-usd", env, "MAX_BUDGET_USD",
                file.MaxBudgetUsd?.ToString(CultureInfo.InvariantCulture), "max_budget_usd") is { } budget)
            o.MaxBudgetUsd = double.TryParse(budget.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var usd) && usd > 0 && double.IsFinite(usd) ? usd
                : throw Bad(budget, "a positive amount of dollars such as 0.50");
        if (Pick(flags.Description, "--description", env, "DESCRIPTION", file.Description, "description") is { } d) o.Description = d.Value;
        return o;
    }

    private sealed record Source(string Value, string Where);

    private static Source? Pick(string? flag, string flagName, Func<string, string?> env, string suffix, string? file, string fileKey)
    {
        if (!string.IsNullOrWhiteSpace(flag)) return new Source(flag.Trim(), flagName);
        var variable = "AGENTCHAT_BRIDGE_" + suffix;
        if (env(variable) is { } e && !string.IsNullOrWhiteSpace(e)) return new Source(e.Trim(), variable);
        return string.IsNullOrWhiteSpace(file) ? null : new Source(file.Trim(), $"\"bridge\": {{\"{fileKey}\"}} in the config file");
    }

    private static string? Num(int? v) => v?.ToString(CultureInfo.InvariantCulture);

    private static int Int(Source s, int min, int max) =>
        int.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max ? v
            : throw Bad(s, $"a whole number from {min} to {max}");

    /// <summary>Passed to <c>claude</c> as an argument: never something it would read as an option.</summary>
    private static string Word(Source s, string what) =>
        s.Value.StartsWith('-') || s.Value.Any(char.IsWhiteSpace) ? throw Bad(s, what) : s.Value;

    private static IReadOnlyList<string> Tools(Source s)
    {
        var tools = s.Value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (tools.Length == 0 || tools.Any(t => t.StartsWith('-')))
            throw Bad(s, "a comma-separated list of tool names such as Read,Grep,Glob,LS,mcp__cchat__*");
        return tools;
    }

    private static SettingsException Bad(Source s, string what) => new($"{s.Where} must be {what}, not '{s.Value}'");

    private static BridgeConfigSection ReadSection(string path)
    {
        if (!File.Exists(path)) return new BridgeConfigSection();
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), BridgeJsonContext.Default.BridgeConfigFile)?.Bridge ?? new BridgeConfigSection();
        }
        catch (JsonException e)
        {
            throw new SettingsException($"the \"bridge\" section of {path} cannot be read ({e.Message}); fix it or remove it");
        }
    }
}
