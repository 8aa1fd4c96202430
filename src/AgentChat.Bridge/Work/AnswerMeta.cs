namespace AgentChat.Bridge.Work;

/// <summary>The <c>meta</c> object of a bridge message: <c>{"bridge": {...}}</c>.</summary>
internal sealed record AnswerMeta(BridgeMeta Bridge);
