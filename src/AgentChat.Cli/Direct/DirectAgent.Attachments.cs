using AgentChat.Attachments;
using AgentChat.Cli.Attachments;
using AgentChat.Verbs;

namespace AgentChat.Cli.Direct;

internal sealed partial class DirectAgent
{
    /// <summary>
    /// One file without a daemon: uploaded once per txn id (the ledger in the state directory is the daemon's too, so a
    /// send the daemon took before it died reuses its upload), then the event put as any message, under the same txn id.
    /// </summary>
    public async Task<AttachResponse> AttachAsync(AttachRequest request, CancellationToken ct)
    {
        var txn = request.TxnId ?? TxnId.New();
        if (!TxnId.IsValid(txn)) throw VerbException.BadRequest("bad_txn_id", $"\"txn_id\" must be {TxnId.Rule}");
        var source = AttachmentRules.Source(request);
        var uploader = new AttachmentUploader(Client, new UploadLimit(Client, _time), new UploadLedger(_settings.StateDirectory, _time));
        var file = await uploader.UploadAsync(txn, source, request.Mimetype, ct);
        var sent = await SendAsync(request.ToSend(file) with { TxnId = txn }, ct);
        return new AttachResponse(txn, sent.EventId, sent.RoomId, false, file, sent.Warnings);
    }

    /// <summary>The file of one message, straight from the homeserver's authenticated media API.</summary>
    public async Task<FetchedFile> FetchAsync(string eventId, string? room, CancellationToken ct)
    {
        var where = await ResolveRoomAsync(room ?? _settings.RoomValue, ct);
        var (file, download) = await WithJoinAsync(where, () => MediaFetch.OpenAsync(Client, where, eventId, ct), ct);
        return new FetchedFile(file.Name, file.Mimetype, file.Size, download.Length, download.Content, download);
    }
}
