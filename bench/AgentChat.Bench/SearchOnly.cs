using System.Diagnostics;
using AgentChat.Bench.Benchmarks;
using AgentChat.Bench.Infra;

namespace AgentChat.Bench;

/// <summary><c>--only search</c>: the search bench alone, without a homeserver or daemons (run.sh starts none for it).</summary>
internal static class SearchOnly
{
    public static bool Matches(string[] args)
    {
        var only = Array.IndexOf(args, "--only");
        return only >= 0 && only + 1 < args.Length && args[only + 1] == "search";
    }

    public static async Task<int> RunAsync(string[] args)
    {
        string? Value(string key) => Array.IndexOf(args, key) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        IReadOnlyList<long> sizes;
        try
        {
            sizes = BenchOptions.ParseSizes(Value("--search-sizes"));
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"bench: {e.Message}");
            return 1;
        }
        var quick = args.Contains("--quick");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(60)); // 1M messages seed and rebuild their indexes
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        var table = new ResultTable();
        var total = Stopwatch.StartNew();
        try
        {
            await SearchBench.RunAsync(sizes, quick, Path.GetFullPath(Value("--work") ?? Path.GetTempPath()), table, cts.Token);
        }
        catch (Exception e)
        {
            table.Failed("search", $"{e.GetType().Name}: {e.Message}");
        }
        var markdown = table.ToMarkdown() + $"\nRun took {total.Elapsed.TotalMinutes:0.0} min{(quick ? " (--quick)" : "")}.\n";
        Console.WriteLine(markdown);
        if (Value("--out") is { } path) await File.WriteAllTextAsync(path, markdown, CancellationToken.None);
        return 0;
    }
}
