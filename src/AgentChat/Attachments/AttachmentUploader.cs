using AgentChat.Matrix;
using AgentChat.Verbs;

namespace AgentChat.Attachments;

/// <summary>
/// Puts one file into the media repository, once per transaction id (<see cref="UploadLedger"/>), after checking
/// it against the homeserver's limit. The daemon's <c>/attach</c> and the CLI's direct mode both upload through
/// this; the event that points at the file then goes as any message (outbox, or a PUT with the same txn id).
/// </summary>
public sealed class AttachmentUploader(MatrixClient client, UploadLimit limit, UploadLedger ledger)
{
    public async Task<AttachmentRef> UploadAsync(string txnId, AttachmentSource source, string? mimetype, CancellationToken ct)
    {
        if (mimetype is not null && !MimeTypes.IsValid(mimetype))
            throw VerbException.BadRequest("bad_mimetype", "\"mimetype\" must look like type/subtype, e.g. text/plain");
        var type = mimetype ?? MimeTypes.FromFileName(source.Name);
        try
        {
            if (await limit.GetAsync(ct) is { } max && source.Length > max) throw TooLarge(source, max);
            var hash = await source.HashAsync(ct);
            if (ledger.Find(txnId, hash) is not { } uri)
            {
                uri = await client.UploadAsync(source.Open, source.Length, type, source.Name, ct);
                ledger.Record(txnId, hash, uri);
            }
            return new AttachmentRef { Url = uri, Name = source.Name, Mimetype = type, Size = source.Length };
        }
        catch (MatrixException e)
        {
            throw e.ErrCode == MatrixErrorCodes.TooLarge || e.StatusCode == System.Net.HttpStatusCode.RequestEntityTooLarge
                ? new VerbException(413, "too_large", $"file {source.Name} is {Sizes.Human(source.Length)}; the homeserver refused it as too large ({e.Message})")
                : Failed(e);
        }
        catch (IOException e)
        {
            throw new VerbException(403, "unreadable_file", $"cannot read {source.Name}: {e.Message}");
        }
    }

    private static VerbException TooLarge(AttachmentSource source, long max) =>
        new(413, "too_large",
            $"file {source.Name} is {Sizes.Human(source.Length)} ({source.Length} bytes); the homeserver accepts at most {Sizes.Human(max)} ({max} bytes): split or compress it");

    /// <summary>Nothing was sent and nothing is queued: an upload is not kept in the outbox (it holds messages, not files).</summary>
    private static VerbException Failed(MatrixException e) => e.ErrCode switch
    {
        MatrixErrorCodes.Forbidden => new VerbException(403, "forbidden", $"the homeserver refused the upload: {e.Message}"),
        _ when e.IsTransient => new VerbException(503, "homeserver_unreachable", $"the file was not uploaded, and nothing is queued: {e.Message}; send it again later"),
        _ => new VerbException(502, "homeserver_refused", $"the homeserver refused the upload: {e.Message}"),
    };
}
