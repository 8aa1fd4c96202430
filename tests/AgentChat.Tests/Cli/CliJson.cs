using System.Text.Json;
using AgentChat.Gateway;

namespace AgentChat.Tests.Cli;

/// <summary>Reads cchat's --json output with the gateway's own contract types.</summary>
internal static class CliJson
{
    public static ReadResponse Read(string stdout) =>
        JsonSerializer.Deserialize(stdout, GatewayJsonContext.Default.ReadResponse) ?? throw new InvalidOperationException("empty read output");

    public static WhoResponse Who(string stdout) =>
        JsonSerializer.Deserialize(stdout, GatewayJsonContext.Default.WhoResponse) ?? throw new InvalidOperationException("empty who output");

    public static JsonElement Object(string stdout)
    {
        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.Clone();
    }

    public static string RandomRoom(string serverName) => $"#aichat-{Guid.NewGuid().ToString("N")[..10]}:{serverName}";
}
