using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;

namespace AgentChat.Verbs;

/// <summary>
/// The one send rule, for the gateway and direct mode alike: validate, resolve the addressees and the direct
/// recipient, compose. Where the message then goes (the daemon's outbox, or a PUT) is the caller's business.
/// </summary>
public sealed class SendPlanner(RecipientResolver recipients, string instance)
{
    /// <param name="registry">
    /// The registry, read only when the request names someone; asked again with <c>fresh: true</c> when a name
    /// is not in the first answer (a cache may predate an agent that just started).
    /// </param>
    /// <param name="budget">The request's time for addressee lookups, all of them together; unbounded when null.</param>
    public async Task<SendPlan> PlanAsync(
        SendRequest request, Func<bool, CancellationToken, Task<IReadOnlyList<InstanceInfo>>> registry, CancellationToken ct, LookupBudget? budget = null)
    {
        SendRules.Validate(request);
        var warnings = new List<string>();
        var names = request.To ?? [];
        var all = request.Dm is { } d ? names.Append(d).ToList() : names;
        IReadOnlyList<InstanceInfo> known = all.Count > 0 ? await registry(false, ct) : [];
        if (all.Any(n => RecipientResolver.Find(n, known) is null)) known = await registry(true, ct);
        var to = new List<Addressee>();
        foreach (var name in names)
        {
            var recipient = await recipients.ResolveAsync(name, known, warnings, ct, budget);
            to.Add(new Addressee(recipient.UserId, recipient.Label));
        }
        UserId? directTo = request.Dm is { } dm ? (await recipients.ResolveAsync(dm, known, warnings, ct, budget)).UserId : null;

        byte[] content;
        try
        {
            content = MessageComposer.Compose(new OutgoingMessage
            {
                Text = request.Text ?? "",
                Attachment = request.Attachment,
                Kind = request.Kind ?? MessageKind.Chat,
                Instance = instance,
                To = to,
                Thread = request.Thread is { } t ? new EventId(t) : null,
                ReplyTo = request.ReplyTo is { } r ? new EventId(r) : null,
                Meta = request.Meta,
            });
        }
        catch (MessageTooLargeException e)
        {
            throw new VerbException(413, "too_large", e.Message);
        }
        return new SendPlan(request.TxnId ?? TxnId.New(), directTo is null ? request.Room : null, directTo, content, warnings, to.Select(a => a.UserId.Value).ToList());
    }
}
