namespace AgentChat.Bench.Infra;

/// <summary>p50/p90 (and p95) of a sample, linearly interpolated between the two nearest ranks.</summary>
internal readonly record struct Stats(double P50, double P90, int N, double P95 = double.NaN)
{
    public static Stats Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) return new Stats(double.NaN, double.NaN, 0);
        var sorted = values.Order().ToArray();
        return new Stats(Percentile(sorted, 0.50), Percentile(sorted, 0.90), sorted.Length, Percentile(sorted, 0.95));
    }

    private static double Percentile(double[] sorted, double p)
    {
        var rank = p * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
