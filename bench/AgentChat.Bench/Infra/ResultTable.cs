using System.Globalization;
using System.Text;

namespace AgentChat.Bench.Infra;

/// <summary>One line of the result: a figure, the baseline measured beside it in the same run, and the verdict.</summary>
internal sealed record Row(string Bench, string Ours, string Baseline, string Base, string Ratio, string Target, string Met);

/// <summary>The table the run prints, plus notes (stage timings, series) that explain it.</summary>
internal sealed class ResultTable
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly List<Row> _rows = [];
    private readonly List<string> _notes = [];
    private readonly Lock _lock = new();

    public void Add(Row row)
    {
        lock (_lock) _rows.Add(row);
        Console.Error.WriteLine($"bench: {row.Bench}: {row.Ours} vs {row.Baseline} {row.Base} ratio {row.Ratio} {row.Met}");
    }

    public void Note(string note)
    {
        lock (_lock) _notes.Add(note);
        Console.Error.WriteLine($"bench: note: {note}");
    }

    public void Failed(string bench, string reason) => Add(new Row(bench, "failed", "—", "—", "—", "—", $"error: {reason.ReplaceLineEndings(" ")}"));

    public static string Ms(Stats s) => s.N == 0 ? "—" : string.Format(Inv, "{0:0.0} / {1:0.0} ms", s.P50, s.P90);
    public static string Per(Stats s, string unit) => s.N == 0 ? "—" : string.Format(Inv, "{0:0} / {1:0} {2}", s.P50, s.P90, unit);
    public static string Mb(Stats s) => s.N == 0 ? "—" : string.Format(Inv, "{0:0.0} / {1:0.0} MB", s.P50, s.P90);
    public static string X(double ratio) => double.IsFinite(ratio) ? string.Format(Inv, "{0:0.00}×", ratio) : "—";
    public static string Met(bool met) => met ? "yes" : "**no**";
    public static string F(string format, params object[] args) => string.Format(Inv, format, args);

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine("| benchmark | AgentChat p50 / p90 | baseline | baseline p50 / p90 | ratio (p50) | target | met? |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in _rows) sb.AppendLine($"| {r.Bench} | {r.Ours} | {r.Baseline} | {r.Base} | {r.Ratio} | {r.Target} | {r.Met} |");
        if (_notes.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Notes measured in the same run:");
            sb.AppendLine();
            foreach (var n in _notes) sb.AppendLine($"- {n}");
        }
        return sb.ToString();
    }
}
