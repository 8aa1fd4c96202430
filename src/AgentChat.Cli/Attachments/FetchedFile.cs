namespace AgentChat.Cli.Attachments;

/// <summary>
/// A message's file on its way down, from the gateway or the homeserver: <see cref="Name"/> already made safe
/// (AttachmentParser); <see cref="Length"/> as announced, when it was. Disposing closes the download.
/// </summary>
internal sealed class FetchedFile(string name, string? mimetype, long? declaredSize, long? length, Stream content, IDisposable owner) : IAsyncDisposable
{
    public string Name => name;
    public string? Mimetype => mimetype;
    public long? DeclaredSize => declaredSize;
    public long? Length => length;
    public Stream Content => content;

    public async ValueTask DisposeAsync()
    {
        await content.DisposeAsync();
        owner.Dispose();
    }
}
