namespace AgentChat.Bench.Infra;

/// <summary>
/// Samples of a measured path and its baseline taken in turns in the same run, so drift hits both alike. The first
/// two of each side are warm-up and dropped. A sample is the time to delivery and the time the send took to answer.
/// </summary>
internal static class Alternating
{
    /// <summary><paramref name="count"/> samples in all (half each), after the warm-up; each call gets its turn's index.</summary>
    public static async Task<(Stats Measured, Stats MeasuredSend, Stats Baseline, Stats BaselineSend)> SampleAsync(int count,
        Func<int, Task<(double Total, double Send)>> measured, Func<int, Task<(double Total, double Send)>> baseline)
    {
        var (m, b) = (new List<(double Total, double Send)>(), new List<(double Total, double Send)>());
        for (var i = 0; i < count + 4; i++)
        {
            var measuredTurn = i % 2 == 0;
            var sample = await (measuredTurn ? measured(i) : baseline(i));
            if (i < 4) continue;
            (measuredTurn ? m : b).Add(sample);
        }
        return (Stats.Of(m.Select(s => s.Total).ToList()), Stats.Of(m.Select(s => s.Send).ToList()),
            Stats.Of(b.Select(s => s.Total).ToList()), Stats.Of(b.Select(s => s.Send).ToList()));
    }
}
