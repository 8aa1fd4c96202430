using System.Net.Http.Headers;
using System.Net;
using System.Text.Json;
using AgentChat.Cli.Agent;
using AgentChat.Cli.Gateway;
using AgentChat.Configuration;
using AgentChat.Gateway;
using AgentChat.History;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;
using AgentChat.Rooms;

namespace AgentChat.Cli.History;

/// <summary>
/// History for the CLI and MCP: from the archive when one answers; otherwise from the homeserver's /messages
/// under the same filters (words matched plainly, no ranking), and <paramref name="notice"/> says so.
/// </summary>
internal sealed class HistoryService(AgentChatSettings settings, HttpClient http, Action<string> notice)
{
    private static readonly TimeSpan ArchiveBudget = TimeSpan.FromSeconds(15);
    private const int MaxFallbackPages = 20;

    public async Task<HistoryResponse> QueryAsync(HistoryQuery query, CancellationToken ct)
    {
        var archive = ArchiveEndpoint.Find(settings);
        if (archive is not null)
        {
            var answer = await TryArchiveAsync(archive, query, ct);
            if (answer is not null) return answer;
            notice($"the archive at {archive.Url} does not answer; reading from Matrix /messages instead (plain word match, no ranking, at most {MaxFallbackPages * 100} recent events)");
        }
        else
        {
            notice($"no archive found (set AGENTCHAT_ARCHIVE or run `cchat archive`); reading from Matrix /messages instead (plain word match, no ranking, at most {MaxFallbackPages * 100} recent events)");
        }
        return await FromMatrixAsync(query, ct);
    }

    private async Task<HistoryResponse?> TryArchiveAsync(ArchiveEndpoint archive, HistoryQuery query, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ArchiveBudget);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(archive.Url, "history" + query.ToQueryString()));
        if (archive.Token is { } token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            if (response.IsSuccessStatusCode) return JsonSerializer.Deserialize(body, HistoryJsonContext.Default.HistoryResponse);
            if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway) return null;
            var error = TryError(body);
            throw new GatewayException($"the archive refused the query: {error?.Error ?? response.ReasonPhrase}", error?.Code, (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException
                                  || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
    }

    private static ErrorBody? TryError(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, HistoryJsonContext.Default.ErrorBody);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Pages back from the newest event of the room until <c>limit</c> messages match (or the page budget ends).</summary>
    private async Task<HistoryResponse> FromMatrixAsync(HistoryQuery query, CancellationToken ct)
    {
        var client = new MatrixClient(http, settings.HomeserverUri, settings.AccessTokenValue);
        var resolver = new RoomResolver(client, settings.UserIdValue);
        var roomName = query.Room ?? settings.RoomValue;
        var room = await resolver.ResolveRoomAsync(roomName, ct);
        var shared = roomName == settings.RoomValue ? room : await resolver.ResolveRoomAsync(settings.RoomValue, ct);
        var senders = await SenderDirectory.ReadAsync(client, shared, ct);
        var alias = roomName.StartsWith('#') ? roomName : null;

        var found = new List<ChatMessage>();
        var passedBefore = query.Before is null;
        string? from = null;
        var more = false;
        for (var page = 0; page < MaxFallbackPages; page++)
        {
            var chunk = await client.GetMessagesAsync(room, from, Direction.Backward, 100, ct: ct);
            foreach (var m in MessageParser.ParseAll(chunk.Chunk, room, alias, senders))
            {
                if (!passedBefore)
                {
                    passedBefore = m.EventId == query.Before;
                    continue;
                }
                if (!query.Matches(m)) continue;
                if (found.Count == query.Limit) { more = true; break; }
                found.Add(m);
            }
            if (more || chunk.Chunk.Count == 0 || chunk.End is null) break;
            from = chunk.End;
        }
        var next = more && query.Thread is null && found.Count > 0 ? found[^1].EventId : null;
        found.Reverse(); // oldest first, as the archive answers
        return new HistoryResponse([.. found.Select(m => new HistoryMessage(m))], next, "matrix");
    }
}
