using System.Globalization;
using AgentChat.LoopGuard;

namespace AgentChat.Tests.Receipts;

/// <summary>The loop budget remembers at most <see cref="LoopBudget.MaxScopes"/> rooms and threads: the least recently touched go first.</summary>
public sealed class LoopBudgetCapTests
{
    [Fact]
    public void Past_the_cap_the_least_recently_touched_scope_is_forgotten()
    {
        var budget = new LoopBudget(1);
        var first = LoopScope.Of("!r:s", "$t0");
        var busy = LoopScope.Of("!r:s", "$busy");
        budget.Count("$e-first", first, "@a:s");
        budget.Count("$e-busy", busy, "@a:s");
        Assert.True(budget.ClaimNotice(first));
        for (var i = 1; i < LoopBudget.MaxScopes + 500; i++)
        {
            budget.Count("$e" + i.ToString(CultureInfo.InvariantCulture), LoopScope.Of("!r:s", "$t" + i.ToString(CultureInfo.InvariantCulture)), "@a:s");
            if (i % 1000 == 0) budget.Count("$again" + i.ToString(CultureInfo.InvariantCulture), busy, "@a:s"); // kept recent
        }

        Assert.Equal(LoopBudget.MaxScopes, budget.ScopeCount);
        Assert.True(budget.Allows(first, "@a:s"));        // forgotten: its count starts again
        Assert.True(budget.ClaimNotice(first));           // and its notice may be posted again
        Assert.False(budget.Allows(busy, "@a:s"));        // touched lately: still counted
        Assert.False(budget.Allows(LoopScope.Of("!r:s", "$t" + (LoopBudget.MaxScopes + 499).ToString(CultureInfo.InvariantCulture)), "@a:s"));
    }
}
