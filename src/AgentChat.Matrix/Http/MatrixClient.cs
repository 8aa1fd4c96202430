using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AgentChat.Matrix;

/// <summary>
/// The Matrix Client-Server API (v3) over one <see cref="HttpClient"/>. Every call is cancellable,
/// rate limits are waited out, and failures surface as <see cref="MatrixException"/>.
/// The access token travels only in the Authorization header, never in a URL or a message.
/// </summary>
public sealed partial class MatrixClient
{
    private static MatrixJsonContext Json => MatrixJsonContext.Default;

    private readonly HttpClient _http;
    private readonly MatrixClientOptions _options;
    private readonly TimeProvider _time;

    /// <param name="http">Its own timeout is ignored: each call carries its own budget.</param>
    public MatrixClient(HttpClient http, Uri homeserver, string? accessToken = null, MatrixClientOptions? options = null, TimeProvider? time = null)
    {
        _http = http;
        Homeserver = homeserver;
        AccessToken = accessToken;
        _options = options ?? new MatrixClientOptions();
        _time = time ?? TimeProvider.System;
    }

    public Uri Homeserver { get; }

    public string? AccessToken { get; }

    /// <summary>A client for the same homeserver acting with another account's token.</summary>
    public MatrixClient WithAccessToken(string accessToken) => new(_http, Homeserver, accessToken, _options, _time);

    public Task<VersionsResponse> GetVersionsAsync(CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, "/_matrix/client/versions", null, Json.VersionsResponse, ct, authenticated: false);

    internal static byte[] Serialize<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);

    internal static string Escape(string segment) => Uri.EscapeDataString(segment);

    internal Task<TResponse> SendAsync<TResponse>(
        HttpMethod method, string pathAndQuery, byte[]? body, JsonTypeInfo<TResponse> responseType,
        CancellationToken ct, TimeSpan? timeout = null, bool authenticated = true) =>
        SendContentAsync(method, pathAndQuery, body is null ? null : () => JsonContent(body), responseType, ct, timeout, authenticated);

    /// <summary>As the JSON overload, with any body: <paramref name="content"/> makes a fresh one for each try.</summary>
    internal async Task<TResponse> SendContentAsync<TResponse>(
        HttpMethod method, string pathAndQuery, Func<HttpContent>? content, JsonTypeInfo<TResponse> responseType,
        CancellationToken ct, TimeSpan? timeout = null, bool authenticated = true)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(method, pathAndQuery, content, responseType, timeout ?? _options.RequestTimeout, authenticated, ct);
            }
            catch (MatrixException e) when (e.IsRateLimited && attempt < _options.MaxRateLimitRetries
                                            && (e.RetryAfter ?? TimeSpan.Zero) <= _options.MaxRetryAfter)
            {
                await Task.Delay(e.RetryAfter ?? TimeSpan.FromSeconds(1), _time, ct);
            }
        }
    }

    private static ByteArrayContent JsonContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private async Task<TResponse> SendOnceAsync<TResponse>(
        HttpMethod method, string pathAndQuery, Func<HttpContent>? content, JsonTypeInfo<TResponse> responseType,
        TimeSpan timeout, bool authenticated, CancellationToken ct)
    {
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutCts.CancelAfter(timeout);
        using var response = await ExchangeAsync(method, pathAndQuery, content, timeout, authenticated, timeoutCts.Token, ct);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(timeoutCts.Token);
            return await JsonSerializer.DeserializeAsync(stream, responseType, timeoutCts.Token)
                   ?? throw new MatrixException($"{method} {Describe(pathAndQuery)}: empty response", response.StatusCode, null, null, isTransient: false);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new MatrixException($"{method} {Describe(pathAndQuery)}: response from {Homeserver} stalled past {timeout.TotalSeconds:0.#} s",
                response.StatusCode, null, null, isTransient: true, e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new MatrixException($"{method} {Describe(pathAndQuery)}: connection to {Homeserver} broke ({e.Message})",
                response.StatusCode, null, null, isTransient: true, e);
        }
        catch (JsonException e)
        {
            throw new MatrixException($"{method} {Describe(pathAndQuery)}: the homeserver sent JSON this client cannot read ({e.Message})",
                response.StatusCode, null, null, isTransient: false, e);
        }
    }

    /// <summary>
    /// One request, answered with a success status (the caller reads and disposes the response), else the
    /// <see cref="MatrixException"/> for it. <paramref name="timeoutToken"/> is <paramref name="ct"/> with the call's budget.
    /// </summary>
    private async Task<HttpResponseMessage> ExchangeAsync(
        HttpMethod method, string pathAndQuery, Func<HttpContent>? content, TimeSpan timeout, bool authenticated,
        CancellationToken timeoutToken, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(Homeserver, pathAndQuery));
        if (authenticated)
        {
            if (AccessToken is null)
                throw new MatrixException("no access token: log in first (cchat login) or set AGENTCHAT_ACCESS_TOKEN",
                    null, MatrixErrorCodes.MissingToken, null, isTransient: false);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        }
        request.Content = content?.Invoke();

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutToken);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new MatrixException($"{method} {Describe(pathAndQuery)}: no answer from {Homeserver} within {timeout.TotalSeconds:0.#} s",
                null, null, null, isTransient: true, e);
        }
        catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException or IOException)
        {
            // SocketHttpHandler lets a bare SocketException out when a connection is torn right after connecting
            // (ENOTCONN reading the peer's address); it is as transient as any other unreachable homeserver.
            throw new MatrixException($"{method} {Describe(pathAndQuery)}: cannot reach {Homeserver} ({e.Message})",
                null, null, null, isTransient: true, e);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            try
            {
                throw await ToExceptionAsync(method, pathAndQuery, response, timeoutToken);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new MatrixException($"{method} {Describe(pathAndQuery)}: response from {Homeserver} stalled past {timeout.TotalSeconds:0.#} s",
                    response.StatusCode, null, null, isTransient: true, e);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                throw new MatrixException($"{method} {Describe(pathAndQuery)}: connection to {Homeserver} broke ({e.Message})",
                    response.StatusCode, null, null, isTransient: true, e);
            }
        }
    }

    private static async Task<MatrixException> ToExceptionAsync(HttpMethod method, string pathAndQuery, HttpResponseMessage response, CancellationToken ct)
    {
        ErrorResponse? error = null;
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (text.StartsWith('{')) error = JsonSerializer.Deserialize(text, Json.ErrorResponse);
        }
        catch (JsonException)
        {
            // not a Matrix error body (a proxy's HTML page, say): the status alone has to do
        }

        var status = response.StatusCode;
        TimeSpan? retryAfter = error?.RetryAfterMs is long ms ? TimeSpan.FromMilliseconds(ms)
            : response.Headers.RetryAfter?.Delta;
        var transient = (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
                        || error?.Errcode == MatrixErrorCodes.LimitExceeded;
        var what = error?.Error ?? response.ReasonPhrase ?? "no reason given";
        var code = error?.Errcode is { } c ? $"{c}, " : "";
        return new MatrixException($"{method} {Describe(pathAndQuery)} failed ({code}HTTP {(int)status}): {what}",
            status, error?.Errcode, retryAfter, transient);
    }

    /// <summary>The path without its query, which may carry a sync token or filter but never a secret.</summary>
    private static string Describe(string pathAndQuery)
    {
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? pathAndQuery : pathAndQuery[..q];
    }
}
