namespace AgentChat.Matrix;

public sealed partial class MatrixClient
{
    public async Task<string> UploadFilterAsync(UserId user, SyncFilter filter, CancellationToken ct = default) =>
        (await SendAsync(HttpMethod.Post, $"/_matrix/client/v3/user/{Escape(user.Value)}/filter",
            Serialize(filter, Json.SyncFilter), Json.FilterResponse, ct)).FilterId;

    /// <summary>
    /// One /sync. With a <paramref name="timeout"/> it long-polls: the request's own budget is the
    /// poll time plus a grace period, so an ordinary request timeout never cuts a poll short.
    /// </summary>
    public Task<SyncResponse> SyncAsync(string? since, TimeSpan timeout, string? filter = null, bool fullState = false, CancellationToken ct = default)
    {
        var query = $"?timeout={(long)timeout.TotalMilliseconds}";
        if (since is not null) query += $"&since={Escape(since)}";
        if (filter is not null) query += $"&filter={Escape(filter)}";
        if (fullState) query += "&full_state=true";
        return SendAsync(HttpMethod.Get, $"/_matrix/client/v3/sync{query}", null, Json.SyncResponse, ct,
            timeout: timeout + _options.LongPollGrace);
    }
}
