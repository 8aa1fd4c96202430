using System.Globalization;
using System.Net.Http.Headers;
using System.Net;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json;
using AgentChat.Cli.Contract;
using AgentChat.Gateway;

namespace AgentChat.Cli.Gateway;

/// <summary>Calls a running daemon's gateway. Connection failures surface as <see cref="GatewayUnavailableException"/>.</summary>
internal sealed partial class GatewayClient(HttpClient http, GatewayEndpoint endpoint)
{
    private static GatewayJsonContext Json => GatewayJsonContext.Default;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public GatewayEndpoint Endpoint => endpoint;

    public async Task<SendResult> SendAsync(SendRequest request, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, Json.SendRequest);
        using var response = await CallAsync(HttpMethod.Post, "send", body, CallTimeout, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            var queued = Deserialize(bytes, Json.QueuedResponse);
            return new SendResult(queued.TxnId, null, null, true, "gateway", queued.Warnings);
        }
        var sent = Deserialize(bytes, Json.SendResponse);
        return new SendResult(sent.TxnId, sent.EventId, sent.RoomId, false, "gateway", sent.Warnings);
    }

    public async Task<ReadResponse> ReadAsync(ReadArgs args, CancellationToken ct)
    {
        var query = new List<string>();
        if (args.Since is not null) query.Add("since=" + Uri.EscapeDataString(args.Since));
        if (args.Limit is { } limit) query.Add("limit=" + limit.ToString(CultureInfo.InvariantCulture));
        if (args.Room is not null) query.Add("room=" + Uri.EscapeDataString(args.Room));
        if (args.Kind is not null) query.Add("kind=" + Uri.EscapeDataString(args.Kind));
        if (args.MentionsOnly) query.Add("mentions=me");
        if (args.WaitSeconds is { } wait) query.Add("wait=" + wait.ToString(CultureInfo.InvariantCulture));
        var path = query.Count == 0 ? "read" : "read?" + string.Join('&', query);
        using var response = await CallAsync(HttpMethod.Get, path, null, CallTimeout + TimeSpan.FromSeconds(args.WaitSeconds ?? 0), ct);
        return Deserialize(await response.Content.ReadAsByteArrayAsync(ct), Json.ReadResponse);
    }

    /// <summary>True when the failure came from reaching the gateway at all (nothing listening), not from a gateway that took the call.</summary>
    public static bool NeverConnected(GatewayUnavailableException e) =>
        e.InnerException is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError };

    public async Task<WhoResponse> WhoAsync(CancellationToken ct)
    {
        using var response = await CallAsync(HttpMethod.Get, "who", null, CallTimeout, ct);
        return Deserialize(await response.Content.ReadAsByteArrayAsync(ct), Json.WhoResponse);
    }

    public async Task<StatusResponse> StatusAsync(CancellationToken ct)
    {
        using var response = await CallAsync(HttpMethod.Get, "status", null, TimeSpan.FromSeconds(10), ct);
        return Deserialize(await response.Content.ReadAsByteArrayAsync(ct), Json.StatusResponse);
    }

    /// <summary>GET /presence, or POST it when <paramref name="set"/> says busy or idle.</summary>
    public async Task<PresenceResponse> PresenceAsync(PresenceRequest? set, CancellationToken ct)
    {
        var body = set is null ? null : JsonSerializer.SerializeToUtf8Bytes(set, Json.PresenceRequest);
        using var response = await CallAsync(set is null ? HttpMethod.Get : HttpMethod.Post, "presence", body, TimeSpan.FromSeconds(10), ct);
        return Deserialize(await response.Content.ReadAsByteArrayAsync(ct), Json.PresenceResponse) with { Via = "gateway" };
    }

    /// <summary>A GET whose answer is <typeparamref name="T"/> (/sent, /pending).</summary>
    public async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken ct)
    {
        using var response = await CallAsync(HttpMethod.Get, path, null, CallTimeout, ct);
        return Deserialize(await response.Content.ReadAsByteArrayAsync(ct), type);
    }

    private async Task<HttpResponseMessage> CallAsync(HttpMethod method, string path, byte[]? body, TimeSpan timeout, CancellationToken ct,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(method, new Uri(endpoint.Url, path));
        if (endpoint.Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", endpoint.Token);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutCts.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, completion, timeoutCts.Token);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException)
        {
            // A daemon that dies mid-answer can surface as a bare socket or stream error, not only HttpRequestException.
            throw new GatewayUnavailableException($"no gateway at {endpoint.Url} ({e.Message})", e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new GatewayUnavailableException($"the gateway at {endpoint.Url} did not answer within {timeout.TotalSeconds:0} s", e);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            throw await ToExceptionAsync(response, ct);
        }
    }

    private async Task<GatewayException> ToExceptionAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        ErrorBody? error = null;
        try
        {
            error = JsonSerializer.Deserialize(await response.Content.ReadAsByteArrayAsync(ct), Json.ErrorBody);
        }
        catch (JsonException)
        {
        }
        var reason = error?.Error ?? response.ReasonPhrase ?? "error";
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            reason += " (the gateway token did not match: is the discovery file from another daemon? set AGENTCHAT_INSTANCE)";
        return new GatewayException($"gateway {endpoint.Url} answered {status}: {reason}", error?.Code, status);
    }

    private T Deserialize<T>(byte[] bytes, JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, type) ?? throw new GatewayException($"gateway {endpoint.Url} sent an empty answer", null, 200);
        }
        catch (JsonException e)
        {
            throw new GatewayException($"gateway {endpoint.Url} sent JSON this cchat cannot read ({e.Message})", null, 200);
        }
    }
}
