using System.Net.Sockets;
using AgentChat.Matrix;

namespace AgentChat.Tests.Matrix;

/// <summary>
/// A connection torn right after it was made can reach the caller as a bare <see cref="SocketException"/> (ENOTCONN
/// from SocketsHttpHandler reading the peer's address): seen once in a few outage runs, where it escaped the sync
/// loop and stopped the daemon. The real server cannot be made to tear at that instant, so a handler throws it.
/// </summary>
public sealed class TornConnectionTests
{
    [Theory]
    [InlineData(SocketError.NotConnected)]
    [InlineData(SocketError.ConnectionReset)]
    public async Task A_bare_socket_error_is_a_transient_matrix_failure_that_names_no_secret(SocketError error)
    {
        const string token = "syt_secret_token_never_shown";
        using var http = new HttpClient(new Throwing(new SocketException((int)error)));
        var client = new MatrixClient(http, new Uri("http://127.0.0.1:9/"), token);

        var e = await Assert.ThrowsAsync<MatrixException>(() => client.GetVersionsAsync(CancellationToken.None));

        Assert.True(e.IsTransient);
        Assert.Null(e.StatusCode);
        Assert.Contains("cannot reach http://127.0.0.1:9/", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_io_failure_before_any_answer_is_transient_too()
    {
        using var http = new HttpClient(new Throwing(new IOException("Broken pipe")));
        var client = new MatrixClient(http, new Uri("http://127.0.0.1:9/"), "t");
        var e = await Assert.ThrowsAsync<MatrixException>(() => client.SyncAsync(null, TimeSpan.Zero, null, ct: CancellationToken.None));
        Assert.True(e.IsTransient);
    }

    private sealed class Throwing(Exception error) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(error);
    }
}
