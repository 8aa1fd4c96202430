namespace AgentChat.Matrix;

/// <summary>A file coming from the media repository: its bytes as a stream, and what the homeserver said of them.</summary>
public sealed class MediaDownload(HttpResponseMessage response, Stream content) : IDisposable, IAsyncDisposable
{
    public Stream Content => content;

    /// <summary>The length the homeserver announced; null when it streams without one.</summary>
    public long? Length => response.Content.Headers.ContentLength;

    public string? ContentType => response.Content.Headers.ContentType?.MediaType;

    public void Dispose()
    {
        content.Dispose();
        response.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await content.DisposeAsync();
        response.Dispose();
    }
}
