using System.Globalization;
using AgentChat.Accounting;

namespace AgentChat.Cli.Tasks;

/// <summary>What a task's bridge answers cost, as one readable line under <c>task show</c>.</summary>
internal static class CostText
{
    public static string Line(CostTotals c)
    {
        var answers = c.Answers == 1 ? "1 bridge answer" : $"{N(c.Answers)} bridge answers";
        var failed = c.Failures > 0 ? $", {N(c.Failures)} failed" : "";
        var unpriced = c.WithoutCost > 0 ? $" (at least: {N(c.WithoutCost)} without a cost)" : "";
        var seconds = (c.DurationMs / 1000.0).ToString("0.0", CultureInfo.InvariantCulture);
        return $"    cost: ${c.CostUsd.ToString("0.0000", CultureInfo.InvariantCulture)}{unpriced} over {answers}{failed}; "
               + $"tokens {N(c.InputTokens)} in, {N(c.OutputTokens)} out, {N(c.CacheReadTokens)} cache read, {N(c.CacheCreationTokens)} cache written; {seconds} s";
    }

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
}
