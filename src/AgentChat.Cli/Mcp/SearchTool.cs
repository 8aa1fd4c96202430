using System.Text.Json;
using AgentChat.Cli.History;
using AgentChat.Configuration;
using AgentChat.History;

namespace AgentChat.Cli.Mcp;

/// <summary>The MCP <c>search</c> tool: the archive's history API (or the Matrix fallback, said in <c>source</c> and on stderr).</summary>
internal static class SearchTool
{
    public static async Task<string> RunAsync(AgentChatSettings settings, IDictionary<string, JsonElement> args, TextWriter log, CancellationToken ct)
    {
        var query = HistoryQuery.Parse(key => args.TryGetValue(key, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null);
        var service = new HistoryService(settings, Http.Client, note => log.WriteLine($"cchat mcp: search: {note}"));
        return JsonSerializer.Serialize(await service.QueryAsync(query, ct), HistoryJsonContext.Default.HistoryResponse);
    }
}
