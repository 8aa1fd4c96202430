using System.Text.RegularExpressions;
using AgentChat.Tests.ClaudeCode;

namespace AgentChat.Tests.Bridge.EndToEnd;

/// <summary>
/// A burst of addressed messages, posted at once by a human: each answered once, in the order they were posted, one
/// Claude Code run at a time (the default concurrency 1). Every run is the real <c>claude</c>.
/// </summary>
[Collection(BridgeEndToEndCollection.Name)]
public sealed partial class BridgeBurstTests
{
    private const int Burst = 20;

    [Fact]
    public async Task A_burst_is_answered_in_order_each_once_one_run_at_a_time()
    {
        await using var rig = await BridgeRig.CreateAsync();
        var run = Guid.NewGuid().ToString("N")[..8];
        var asks = new string[Burst];
        var problems = new List<string>();
        var seen = new List<int>();
        // Asked about item k, the model checks the room: item k-1 must be answered already (one run at a time, in order).
        rig.Respond = async r =>
        {
            if (Item().Match(r.LastUserMessage) is not { Success: true } match) return ModelTurn.Say("not a burst item");
            var k = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            lock (seen) seen.Add(k);
            if (k > 1 && (await rig.AnswersAsync(asks[k - 2], asks[k - 2])).Count == 0)
                lock (problems) problems.Add($"item {k} ran before item {k - 1} was answered");
            return ModelTurn.Say($"answer to item {k} of burst {run}");
        };
        await rig.StartAsync();

        for (var k = 1; k <= Burst; k++) asks[k - 1] = (await rig.SayAsync($"!claude burst item {k} of {Burst}")).Value;
        for (var k = 1; k <= Burst; k++)
        {
            var answer = await rig.AnswerAsync(asks[k - 1], asks[k - 1]);
            Assert.Equal($"answer to item {k} of burst {run}", answer.Text);
        }

        foreach (var ask in asks) Assert.Single(await rig.AnswersAsync(ask, ask));
        lock (problems) Assert.Empty(problems);
        lock (seen) Assert.Equal(Enumerable.Range(1, Burst), seen); // each asked once, in the order posted
        Assert.Empty(rig.Model.Failures);
    }

    [GeneratedRegex(@"burst item (\d+) of ")]
    private static partial Regex Item();
}
