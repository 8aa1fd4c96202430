using AgentChat.Bridge.Claude;
using AgentChat.Bridge.Feed;
using AgentChat.Bridge.Options;
using AgentChat.Bridge.Sessions;
using Microsoft.Extensions.Logging;

namespace AgentChat.Bridge.Work;

/// <summary>
/// Answers one message: skips it when its answer is already in the thread; moves an assigned task to in progress;
/// says busy; posts one <c>[STATUS]</c> notice when the run passes <see cref="BridgeOptions.StatusAfter"/>; runs
/// Claude Code in the thread's session (a new one when the stored session cannot be resumed); posts the answer, or
/// "could not answer: …", with <c>meta.bridge</c>; finishes the task. Shutdown (<paramref name="ct"/>) posts
/// nothing: the message is still unanswered in the room, and the next start answers it.
/// </summary>
internal sealed partial class AnswerWorker(
    BridgeOptions options, BridgeIdentity identity, BridgeGateway gateway, ClaudeRunner runner, SessionMap sessions,
    AnswerLedger ledger, TaskFlow tasks, BusyPresence presence, TimeProvider time, ILogger<AnswerWorker> logger)
{
    public async Task AnswerAsync(WorkItem item, CancellationToken ct)
    {
        if (await ledger.IsAnsweredAsync(item, ct))
        {
            // Killed between the answer and the task's last move: make that move now.
            if (item.MaybeTask && await tasks.IsOpenAsync(item.Id, ct))
                await tasks.FinishAsync(item.Id, ledger.Succeeded(item.Id), ledger.Succeeded(item.Id) ? "answered in this thread" : "could not answer: see this thread", ct);
            return;
        }
        var task = item.MaybeTask ? await tasks.StartAsync(item.Id, ct) : null;
        if (item.MaybeTask && task is null && await tasks.IsFinishedAsync(item.Id, ct)) return;

        var m = item.Source;
        await presence.EnterAsync(item.Id, $"answering {m.Sender} in {m.Room ?? m.RoomId}", ct);
        using var running = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var status = PostStatusLaterAsync(item, running.Token);
        ClaudeOutcome outcome;
        try
        {
            outcome = await RunAsync(item, task?.Title, ct);
        }
        finally
        {
            await running.CancelAsync();
            await status;
            if (!ct.IsCancellationRequested) await presence.LeaveAsync(item.Id, ct);
        }

        var (code, reason) = outcome.Succeeded ? (null, null) : FailureText.For(outcome, options);
        var text = outcome.Succeeded ? (outcome.Text is { Length: > 0 } t ? t : "(Claude Code answered with no text)") : $"could not answer: {reason}";
        var reply = await gateway.SendAsync(new AgentChat.Gateway.SendRequest
        {
            Text = text,
            Room = m.RoomId,
            Thread = item.ThreadKey,
            ReplyTo = m.Thread is null ? null : m.EventId,
            Meta = System.Text.Json.JsonSerializer.SerializeToElement(new AnswerMeta(Meta(item, outcome, code, task?.Id)), BridgeJsonContext.Default.AnswerMeta),
            TxnId = AnswerIds.Answer(item.Id),
        }, ct);
        if (reply.Accepted) ledger.Add(item.Id, outcome.Succeeded);
        else LogReplyRefused(logger, item.Id, reply.ToString());
        var result = !reply.Accepted ? $"not posted ({reply.Status} {reply.Code})" : outcome.Succeeded ? "answered" : $"failed ({code})";
        LogAnswered(logger, item.Id, result, outcome.Result?.CostUsd ?? 0, outcome.Elapsed.TotalSeconds);

        // A task is done only when its answer is in the room: an answer the gateway refused fails it, saying so.
        if (task is not null)
            await tasks.FinishAsync(task.Id, outcome.Succeeded && reply.Accepted, FinishNote(outcome, reason, reply), ct);
    }

    private static string FinishNote(ClaudeOutcome outcome, string? reason, GatewayReply reply) =>
        !reply.Accepted ? $"could not post the answer ({reply.Status} {reply.Code ?? "refused"}); the bridge's log says more"
        : outcome.Succeeded ? CostNote(outcome) : reason!;

    private async Task<ClaudeOutcome> RunAsync(WorkItem item, string? taskTitle, CancellationToken ct)
    {
        var prompt = PromptText.Build(item, identity.UserId, identity.Instance, taskTitle);
        var resume = sessions.Get(item.ThreadKey);
        var outcome = await runner.RunAsync(options.Claude, ClaudeArguments.Build(options, identity.McpConfigPath, resume), prompt, identity.WorkDir, options.Timeout, options.ClaudeEnvironment, ct);
        if (resume is not null && !outcome.Succeeded && !outcome.SawInit && outcome.Failure is ClaudeFailure.Exit or ClaudeFailure.Error or ClaudeFailure.NoResult)
        {
            LogResumeFailed(logger, item.ThreadKey);
            sessions.Forget(item.ThreadKey);
            outcome = await runner.RunAsync(options.Claude, ClaudeArguments.Build(options, identity.McpConfigPath, null), prompt, identity.WorkDir, options.Timeout, options.ClaudeEnvironment, ct);
        }
        if (SessionMap.IsValidId(outcome.SessionId)) sessions.Set(item.ThreadKey, outcome.SessionId!);
        return outcome;
    }

    private async Task PostStatusLaterAsync(WorkItem item, CancellationToken ct)
    {
        try
        {
            await Task.Delay(options.StatusAfter, time, ct);
            var reply = await gateway.SendAsync(new AgentChat.Gateway.SendRequest
            {
                Text = "working on it (Claude Code is running; the answer follows in this thread)",
                Kind = AgentChat.Messages.MessageKind.Status,
                Room = item.Source.RoomId,
                Thread = item.ThreadKey,
                Meta = System.Text.Json.JsonSerializer.SerializeToElement(new AnswerMeta(new BridgeMeta { WorkingOn = item.Id }), BridgeJsonContext.Default.AnswerMeta),
                TxnId = AnswerIds.Status(item.Id),
            }, ct);
            if (!reply.Accepted) LogReplyRefused(logger, item.Id, reply.ToString());
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException)
        {
            // the run ended first, or the daemon is going away: no notice
        }
    }

    private static BridgeMeta Meta(WorkItem item, ClaudeOutcome o, string? error, string? task)
    {
        var r = o.Result;
        return new BridgeMeta
        {
            Answers = item.Id, Session = o.SessionId, Model = o.Model, Error = error, Task = task,
            InputTokens = r?.Usage.InputTokens ?? 0, OutputTokens = r?.Usage.OutputTokens ?? 0,
            CacheReadTokens = r?.Usage.CacheReadTokens ?? 0, CacheCreationTokens = r?.Usage.CacheCreationTokens ?? 0,
            CostUsd = r?.CostUsd ?? 0, DurationMs = r?.DurationMs ?? (long)o.Elapsed.TotalMilliseconds, Turns = r?.Turns ?? 0,
        };
    }

    private static string CostNote(ClaudeOutcome o) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"answered in this thread (${o.Result?.CostUsd ?? 0:0.0000}, {o.Result?.Usage.InputTokens ?? 0} in / {o.Result?.Usage.OutputTokens ?? 0} out tokens, {o.Result?.Turns ?? 0} turns)");

    [LoggerMessage(Level = LogLevel.Information, Message = "{Source}: {Result}, ${Cost:0.0000}, {Seconds:0.0} s")]
    private static partial void LogAnswered(ILogger logger, string source, string result, double cost, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Source}: the gateway did not take the bridge's message: {Reply}")]
    private static partial void LogReplyRefused(ILogger logger, string source, string reply);

    [LoggerMessage(Level = LogLevel.Information, Message = "thread {Thread}: its session could not be resumed; starting a new one")]
    private static partial void LogResumeFailed(ILogger logger, string thread);
}
