using AgentChat.Attachments;
using AgentChat.Cli.Agent;
using AgentChat.Cli.Gateway;
using AgentChat.Gateway;
using AgentChat.Verbs;

namespace AgentChat.Cli.Attachments;

/// <summary>
/// <c>cchat send --file A --file B [text]</c>: one <c>m.file</c>/<c>m.image</c> event per file, in order; the text is the
/// first file's caption. Each file has its own txn id: the message's key for the first, <c>key.2</c>, <c>key.3</c>… for
/// the others, so a repeated command (same <c>--txn-id</c>) uploads and sends nothing twice.
/// </summary>
internal static class FileSend
{
    public static async Task<SentFiles> SendAsync(AgentService agent, SendRequest message, IReadOnlyList<string> files, CancellationToken ct)
    {
        foreach (var f in files)
        {
            if (Directory.Exists(f)) throw new UsageException($"--file {f} is a directory; attach files (an archive of it, say)");
            if (!File.Exists(f)) throw new UsageException($"--file {f}: no such file");
        }
        var key = message.TxnId ?? TxnId.New();
        if (files.Count > 1 && key.Length > 60) throw new UsageException("--txn-id must be at most 60 characters with several files (each gets .2, .3, … after it)");
        var sent = new List<SentFile>();
        for (var i = 0; i < files.Count; i++)
        {
            var request = new AttachRequest
            {
                Path = Path.GetFullPath(files[i]),
                Text = i == 0 && !string.IsNullOrWhiteSpace(message.Text) ? message.Text : null,
                Kind = message.Kind, Room = message.Room, Dm = message.Dm, To = message.To, Thread = message.Thread, ReplyTo = message.ReplyTo,
                Meta = message.Meta, TxnId = i == 0 ? key : $"{key}.{i + 1}",
            };
            try
            {
                sent.Add(await agent.AttachAsync(request, ct));
            }
            catch (Exception e) when (i > 0 && e is VerbException or GatewayException)
            {
                var done = $"file {i + 1} of {files.Count}, {files[i]} (the {i} before it were sent: {string.Join(", ", sent.Select(s => s.EventId ?? "queued"))})";
                throw e is VerbException v ? new VerbException(v.Status, v.Code, $"{done}: {v.Message}")
                    : new GatewayException($"{done}: {e.Message}", ((GatewayException)e).Code, ((GatewayException)e).Status);
            }
        }
        return new SentFiles(sent);
    }

    public static string Text(SentFiles r) => string.Join('\n', r.Files.Select(f => f.Queued
        ? $"uploaded {f.Name} ({Sizes.Human(f.Size ?? 0)}); queued (txn {f.TxnId}): the daemon sends it when the homeserver is back"
        : $"sent {f.Name} ({Sizes.Human(f.Size ?? 0)}, {f.Mimetype}) as {f.EventId} to {f.RoomId} (via {f.Via})"));
}
