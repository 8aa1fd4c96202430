using System.Text.Json.Nodes;

namespace AgentChat.Tests.ClaudeCode;

/// <summary>
/// One answer of the stand-in model to a main-conversation request: text and <c>tool_use</c> blocks (the stop reason is
/// <c>tool_use</c> when there is one, else <c>end_turn</c>), or a fault: an error status, a malformed stream, or no answer.
/// </summary>
internal sealed record ModelTurn(IReadOnlyList<ModelBlock> Blocks, ModelFault Fault = ModelFault.None, int Status = 200)
{
    public static ModelTurn Say(string text) => new([new ModelBlock.Text(text)]);

    /// <summary>Calls one tool; <paramref name="input"/> is its arguments as a JSON object literal.</summary>
    public static ModelTurn Call(string tool, string input, string? saying = null) =>
        new([.. saying is null ? [] : new ModelBlock[] { new ModelBlock.Text(saying) }, new ModelBlock.ToolUse(tool, (JsonObject)JsonNode.Parse(input)!)]);

    /// <summary>Runs a shell command through Claude Code's Bash tool.</summary>
    public static ModelTurn Bash(string command) => Call("Bash", new JsonObject { ["command"] = command, ["description"] = "run " + command.Split(' ')[0] }.ToJsonString());

    public static ModelTurn Error(int status, string type = "invalid_request_error") => new([new ModelBlock.Text(type)], ModelFault.Error, status);

    public static ModelTurn Malformed { get; } = new([], ModelFault.Malformed);

    public static ModelTurn Hang { get; } = new([], ModelFault.Hang);
}

internal abstract record ModelBlock
{
    public sealed record Text(string Value) : ModelBlock;

    public sealed record ToolUse(string Name, JsonObject Input) : ModelBlock;
}

internal enum ModelFault
{
    None,

    /// <summary>An HTTP error with the Messages API's error body; the turn's text is the error type.</summary>
    Error,

    /// <summary>A 200 event stream that starts a message, then sends a broken event and ends without message_stop.</summary>
    Malformed,

    /// <summary>Accepts the request and never answers (until the stand-in stops).</summary>
    Hang,
}
