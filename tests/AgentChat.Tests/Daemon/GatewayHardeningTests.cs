using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AgentChat.Gateway;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Daemon;

public sealed class GatewayHardeningTests
{
    [Fact]
    public async Task Without_the_bearer_token_every_endpoint_but_health_is_401()
    {
        var server = await SynapseServer.GetAsync();
        var owner = await server.CreateUserAsync("own");
        var agent = await server.CreateUserAsync("agent");
        var (_, alias) = await SharedRoom.CreateAsync(server, owner, agent);
        await using var daemon = await TestDaemon.StartAsync(server, agent, alias);
        using var anonymous = new HttpClient { BaseAddress = daemon.Daemon.Gateway };
        using var wrong = new HttpClient { BaseAddress = daemon.Daemon.Gateway };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");

        foreach (var client in new[] { anonymous, wrong })
        {
            foreach (var path in new[] { "/read", "/who", "/status", "/events" })
            {
                using var r = await client.GetAsync(path).WaitAsync(TestDaemon.Timeout);
                Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
                Assert.Contains("\"code\":\"unauthorized\"", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            using var send = await client.PostAsync("/send", new StringContent("""{"text":"x"}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Unauthorized, send.StatusCode);
        }
        using var health = await anonymous.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.DoesNotContain(daemon.Daemon.Token, await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, int, string> MalformedSends => new()
    {
        { "not json", "{not json", 400, "bad_json" },
        { "array", "[1,2]", 400, "bad_json" },
        { "text is a number", """{"text": 5}""", 400, "bad_json" },
        { "unknown field", """{"text": "hi", "colour": "red"}""", 400, "bad_json" },
        { "missing text", """{"kind": "task"}""", 400, "empty_text" },
        { "empty text", """{"text": "   "}""", 400, "empty_text" },
        { "bad kind", """{"text": "hi", "kind": "shout"}""", 400, "bad_kind" },
        { "room and dm", """{"text": "hi", "room": "#a:b", "dm": "x"}""", 400, "conflicting_target" },
        { "bad txn id", """{"text": "hi", "txn_id": "has space"}""", 400, "bad_txn_id" },
        { "bad thread", """{"text": "hi", "thread": "nope"}""", 400, "bad_event_id" },
        { "meta not object", """{"text": "hi", "meta": [1]}""", 400, "bad_meta" },
        { "unknown room", """{"text": "hi", "room": "#no-such-room-here:localhost"}""", 404, "unknown_room" },
        { "oversized text", "{\"text\": \"" + new string('x', 70_000) + "\"}", 413, "too_large" },
        { "hostile html is fine", """{"text": "<script>alert(1)</script><img src=x onerror=alert(1)>"}""", 200, "" },
    };

    [Theory]
    [MemberData(nameof(MalformedSends))]
    public async Task Bad_send_requests_get_a_clear_4xx_and_the_daemon_stays_healthy(string name, string body, int status, string code)
    {
        var server = await SynapseServer.GetAsync();
        var owner = await server.CreateUserAsync("own");
        var agent = await server.CreateUserAsync("agent");
        var (_, alias) = await SharedRoom.CreateAsync(server, owner, agent);
        await using var daemon = await TestDaemon.StartAsync(server, agent, alias);

        using var response = await daemon.PostRawAsync("/send", body);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(status == (int)response.StatusCode, $"{name}: {(int)response.StatusCode} {text}");
        if (code.Length > 0) Assert.Contains($"\"code\":\"{code}\"", text, StringComparison.Ordinal);
        using var health = await daemon.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Invalid_utf8_and_bad_read_parameters_are_400()
    {
        var server = await SynapseServer.GetAsync();
        var owner = await server.CreateUserAsync("own");
        var agent = await server.CreateUserAsync("agent");
        var (_, alias) = await SharedRoom.CreateAsync(server, owner, agent);
        await using var daemon = await TestDaemon.StartAsync(server, agent, alias);

        var invalidUtf8 = new ByteArrayContent([(byte)'{', (byte)'"', (byte)'t', (byte)'e', (byte)'x', (byte)'t', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}']);
        invalidUtf8.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var utf8 = await daemon.Http.PostAsync("/send", invalidUtf8);
        Assert.Equal(HttpStatusCode.BadRequest, utf8.StatusCode);

        foreach (var (query, code) in new[] { ("?limit=0", "bad_limit"), ("?limit=abc", "bad_limit"), ("?wait=-1", "bad_wait"), ("?since=x", "bad_since"), ("?kind=shout", "bad_kind"), ("?mentions=you", "bad_mentions"), ("?room=%23nowhere:localhost", "unknown_room") })
        {
            using var r = await daemon.Http.GetAsync("/read" + query);
            Assert.True(r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, query);
            Assert.Contains($"\"code\":\"{code}\"", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var status = await daemon.GetAsync("/status", GatewayJsonContext.Default.StatusResponse);
        Assert.True(status.Sync.Connected);
    }

    [Fact]
    public async Task A_port_in_use_is_a_clear_settings_error()
    {
        var server = await SynapseServer.GetAsync();
        var owner = await server.CreateUserAsync("own");
        var agent = await server.CreateUserAsync("agent");
        var other = await server.CreateUserAsync("other");
        var (_, alias) = await SharedRoom.CreateAsync(server, owner, agent, other);
        await using var first = await TestDaemon.StartAsync(server, agent, alias);

        var e = await Assert.ThrowsAsync<AgentChat.Configuration.SettingsException>(() =>
            TestDaemon.StartAsync(server, other, alias, configure: o => o.Port = first.Daemon.Gateway.Port, waitHealthy: false));
        Assert.Contains("--port", e.Message, StringComparison.Ordinal);
    }
}
