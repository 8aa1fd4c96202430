using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgentChat.Tests.Metrics;

/// <summary>
/// Every query of deploy/grafana/dashboards/agentchat.json, with Grafana's macros substituted the way Grafana
/// would for a time range, so PostgreSQL and Prometheus can run them as they are.
/// </summary>
internal static partial class DashboardQueries
{
    public const string PostgresUid = "agentchat-postgres";
    public const string PrometheusUid = "agentchat-prometheus";

    public sealed record Query(string Panel, string RefId, string DataSourceUid, string Text);

    public static string DashboardPath => Path.Combine(Infrastructure.RepoPaths.Root, "deploy", "grafana", "dashboards", "agentchat.json");

    public static IReadOnlyList<Query> All()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var queries = new List<Query>();
        foreach (var panel in Panels(doc.RootElement))
        {
            if (!panel.TryGetProperty("targets", out var targets)) continue;
            var title = panel.GetProperty("title").GetString()!;
            var panelSource = panel.TryGetProperty("datasource", out var ds) ? ds.GetProperty("uid").GetString() : null;
            foreach (var target in targets.EnumerateArray())
            {
                var uid = target.TryGetProperty("datasource", out var tds) ? tds.GetProperty("uid").GetString() : panelSource;
                var text = target.TryGetProperty("rawSql", out var rawSql) ? rawSql.GetString()
                    : target.TryGetProperty("expr", out var expr) ? expr.GetString() : null;
                queries.Add(new Query(title, target.GetProperty("refId").GetString()!, uid ?? "(none)", text ?? ""));
            }
        }
        return queries;
    }

    private static IEnumerable<JsonElement> Panels(JsonElement container)
    {
        if (!container.TryGetProperty("panels", out var panels)) yield break;
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            foreach (var nested in Panels(panel)) yield return nested; // collapsed rows hold their panels
        }
    }

    /// <summary>The SQL Grafana's PostgreSQL data source would send for the range [from, to].</summary>
    public static string ExpandSql(string sql, DateTimeOffset from, DateTimeOffset to, int intervalSeconds = 60)
    {
        var f = from.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var t = to.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var s = intervalSeconds.ToString(CultureInfo.InvariantCulture);
        sql = TimeGroupAlias().Replace(sql, m => $"floor(extract(epoch from {m.Groups[1].Value})/{s})*{s} AS \"time\"");
        sql = TimeGroup().Replace(sql, m => $"floor(extract(epoch from {m.Groups[1].Value})/{s})*{s}");
        sql = TimeFilter().Replace(sql, m => $"{m.Groups[1].Value} BETWEEN '{f}' AND '{t}'");
        sql = sql.Replace("$__timeFrom()", $"'{f}'", StringComparison.Ordinal).Replace("$__timeTo()", $"'{t}'", StringComparison.Ordinal);
        return sql.Replace("$__interval", $"{s}s", StringComparison.Ordinal);
    }

    /// <summary>The PromQL Grafana would send: its range variables replaced by durations.</summary>
    public static string ExpandPromQl(string expr) =>
        expr.Replace("$__rate_interval", "1m", StringComparison.Ordinal)
            .Replace("$__interval", "15s", StringComparison.Ordinal)
            .Replace("$__range", "5m", StringComparison.Ordinal);

    [GeneratedRegex(@"\$__timeGroupAlias\(\s*([^,()]+?)\s*,\s*[^)]*\)")]
    private static partial Regex TimeGroupAlias();

    [GeneratedRegex(@"\$__timeGroup\(\s*([^,()]+?)\s*,\s*[^)]*\)")]
    private static partial Regex TimeGroup();

    [GeneratedRegex(@"\$__timeFilter\(\s*([^()]+?)\s*\)")]
    private static partial Regex TimeFilter();
}
