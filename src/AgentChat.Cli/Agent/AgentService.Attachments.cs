using AgentChat.Attachments;
using AgentChat.Cli.Attachments;
using AgentChat.Cli.Gateway;
using AgentChat.Verbs;

namespace AgentChat.Cli.Agent;

internal sealed partial class AgentService
{
    /// <summary>
    /// One file: through the gateway (a path on this host, which the daemon reads; base64 when the daemon cannot
    /// read it), else direct. The txn id is made here, before the first try, so every path uploads and sends once.
    /// </summary>
    public async Task<SentFile> AttachAsync(AttachRequest request, CancellationToken ct)
    {
        request = request with { TxnId = request.TxnId ?? TxnId.New() };
        var via = "gateway";
        var answer = await ViaAsync(async g =>
        {
            try
            {
                return await g.AttachAsync(request, ct);
            }
            catch (GatewayException e) when (request.Path is { } path && e.Code is "unreadable_file" or "no_such_file" && File.Exists(path))
            {
                // A daemon under another account or sandbox: it cannot see the file, so the bytes go in the request.
                return await g.AttachAsync(request with { Path = null, ContentBase64 = await File.ReadAllBytesAsync(path, ct), Filename = request.Filename ?? Path.GetFileName(path) }, ct);
            }
        }, () =>
        {
            via = "direct";
            return Direct.AttachAsync(request, ct);
        });
        return new SentFile(answer.File.Name!, answer.File.Size, answer.File.Mimetype, answer.File.Url, answer.TxnId, answer.EventId, answer.RoomId,
            answer.Queued, via, answer.Warnings);
    }

    /// <summary>The file of message <paramref name="eventId"/>, written as <see cref="FetchTarget"/> decides.</summary>
    public async Task<FetchResult> FetchAsync(string eventId, string? room, string? output, CancellationToken ct)
    {
        var via = "gateway";
        await using var file = await ViaAsync(g => g.FetchAsync(eventId, room, ct), () =>
        {
            via = "direct";
            return Direct.FetchAsync(eventId, room, ct);
        });
        try
        {
            var (path, size) = await FetchTarget.WriteAsync(file, output, ct);
            return new FetchResult(path, size, file.Name, file.Mimetype, eventId, via);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or UnauthorizedAccessException && !ct.IsCancellationRequested)
        {
            throw new VerbException(502, "download_failed", $"fetching {file.Name} failed: {e.Message}; nothing was written, try again");
        }
    }

    /// <summary>The file of message <paramref name="eventId"/> in memory, for a caller without a file system of its own (MCP); at most <paramref name="max"/> bytes.</summary>
    public async Task<FetchedContent> FetchContentAsync(string eventId, string? room, long max, CancellationToken ct)
    {
        await using var file = await ViaAsync(g => g.FetchAsync(eventId, room, ct), () => Direct.FetchAsync(eventId, room, ct));
        if (file.Length > max) throw TooLargeInline(file.Length.Value, max);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await file.Content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) throw TooLargeInline(buffer.Length + read, max);
            buffer.Write(chunk, 0, read);
        }
        return new FetchedContent(file.Name, buffer.Length, file.Mimetype, eventId, Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static VerbException TooLargeInline(long bytes, long max) =>
        new(413, "too_large", $"the file is {Sizes.Human(bytes)}, over the {Sizes.Human(max)} returned inline: pass path to write it to a file instead");
}
