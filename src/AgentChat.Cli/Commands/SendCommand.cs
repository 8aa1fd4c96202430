using System.CommandLine;
using System.Text.Json;
using AgentChat.Cli.Contract;
using AgentChat.Cli.Output;
using AgentChat.Gateway;
using AgentChat.Messages;
using AgentChat.Verbs;

namespace AgentChat.Cli.Commands;

/// <summary><c>cchat send TEXT</c>: through the daemon, or straight to Matrix when none answers.</summary>
internal sealed class SendCommand : CchatVerb
{
    private readonly Argument<string?> _text = new("text")
    {
        Description = "The message (Markdown). '-' or nothing reads it from stdin",
        Arity = ArgumentArity.ZeroOrOne,
    };
    private readonly Option<string?> _kind = new("--kind") { Description = "task, question, status or chat (default)" };
    private readonly Option<string?> _room = new("--room") { Description = "Room alias or id (default: the shared room)" };
    private readonly Option<string?> _dm = new("--dm") { Description = "Send privately to this agent or user (finds or creates the direct room)" };
    private readonly Option<string[]> _to = new("--to") { Description = "Mention this agent or user (repeatable)" };
    private readonly Option<string?> _thread = new("--thread") { Description = "Reply in the thread rooted at this event id" };
    private readonly Option<string?> _replyTo = new("--reply-to") { Description = "Reply to this event id" };
    private readonly Option<string?> _meta = new("--meta") { Description = "Extra machine fields, a JSON object" };
    private readonly Option<string[]> _file = new("--file") { Description = "Attach this file (repeatable): uploaded and sent as m.file/m.image; the text becomes the first file's caption" };
    private readonly Option<string?> _txnId = new("--txn-id") { Description = "Idempotency key [A-Za-z0-9._~-]{1,64}; the same key never sends twice" };

    public SendCommand() : base("send", "Send a message to the shared room, another room, or one agent")
    {
        _kind.AcceptOnlyFromAmong([.. MessageKind.All]);
        _txnId.Validators.Add(r =>
        {
            if (r.Tokens.Any(t => !TxnId.IsValid(t.Value))) r.AddError($"--txn-id must be {TxnId.Rule}");
        });
        Add(_text);
        Add(_kind);
        Add(_room);
        Add(_dm);
        Add(_to);
        Add(_thread);
        Add(_replyTo);
        Add(_meta);
        Add(_txnId);
        Add(_file);
        Add(Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var files = parse.GetValue(_file) ?? [];
        var text = parse.GetValue(_text);
        if (text is null && files.Length > 0) text = ""; // a file needs no caption
        else if (text is null or "-")
        {
            if (!Console.IsInputRedirected) throw new UsageException("give the message text, or pipe it on stdin");
            text = (await Console.In.ReadToEndAsync(ct)).TrimEnd('\n');
        }
        if (files.Length == 0 && string.IsNullOrWhiteSpace(text)) throw new UsageException("the message is empty");
        if (parse.GetValue(_dm) is not null && parse.GetValue(_room) is not null) throw new UsageException("--dm and --room exclude each other");

        var request = new SendRequest
        {
            Text = text,
            Kind = parse.GetValue(_kind),
            Room = parse.GetValue(_room),
            Dm = parse.GetValue(_dm),
            To = parse.GetValue(_to) is { Length: > 0 } to ? to : null,
            Thread = parse.GetValue(_thread),
            ReplyTo = parse.GetValue(_replyTo),
            Meta = ParseMeta(parse.GetValue(_meta)),
            TxnId = parse.GetValue(_txnId),
        };
        if (files.Length > 0)
        {
            var sent = await Attachments.FileSend.SendAsync(Agent(parse), request, files, ct);
            return await WriteAsync(parse, sent, Attachments.AttachmentsJsonContext.Default.SentFiles, Attachments.FileSend.Text,
                [.. sent.Files.SelectMany(f => f.Warnings ?? [])]);
        }
        var result = await Agent(parse).SendAsync(request, ct);
        return await WriteAsync(parse, result, CliJsonContext.Default.SendResult, TextFormat.Send, result.Warnings);
    }

    private static JsonElement? ParseMeta(string? meta)
    {
        if (meta is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(meta);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new UsageException("--meta must be a JSON object, e.g. '{\"ticket\": 42}'");
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new UsageException($"--meta is not valid JSON: {e.Message}");
        }
    }
}
