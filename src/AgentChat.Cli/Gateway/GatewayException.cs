namespace AgentChat.Cli.Gateway;

/// <summary>The gateway answered with an error; <see cref="Code"/> is its stable code.</summary>
internal sealed class GatewayException(string message, string? code, int status) : Exception(message)
{
    public string? Code { get; } = code;
    public int Status { get; } = status;
}
