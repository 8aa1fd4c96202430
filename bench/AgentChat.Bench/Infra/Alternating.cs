namespace AgentChat.Bench.Infra;

/// <summary>
/// Samples of a measured path and its baseline taken in turns in the same run, so drift hits both alike. The first
/// two of each side are warm-up and dropped.
/// </summary>
internal static class Alternating
{
    /// <summary><paramref name="count"/> samples in all (half each), after the warm-up; each call gets its turn's index.</summary>
    public static async Task<(List<T> Measured, List<T> Baseline)> SampleAsync<T>(int count, Func<int, Task<T>> measured, Func<int, Task<T>> baseline)
    {
        var (m, b) = (new List<T>(), new List<T>());
        for (var i = 0; i < count + 4; i++)
        {
            var measuredTurn = i % 2 == 0;
            var sample = await (measuredTurn ? measured(i) : baseline(i));
            if (i < 4) continue;
            (measuredTurn ? m : b).Add(sample);
        }
        return (m, b);
    }
}
