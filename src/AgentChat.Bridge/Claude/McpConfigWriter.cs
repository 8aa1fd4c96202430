using System.Text.Json;
using AgentChat.Configuration;

namespace AgentChat.Bridge.Claude;

/// <summary>
/// Writes <c>mcp.json</c> (0600) in the bridge's state directory: <c>cchat mcp --gateway URL --instance NAME</c>
/// (plus <c>--config</c> when the config file exists), with the gateway token in the server's environment, not on a
/// command line where <c>ps</c> shows it. Written at every start: the token changes with each daemon run.
/// </summary>
internal static class McpConfigWriter
{
    public const string ServerName = "cchat";

    public static string Write(string dir, string cchat, Uri gateway, string gatewayToken, string instance, string configPath)
    {
        var args = new List<string> { "mcp", "--gateway", gateway.ToString().TrimEnd('/'), "--instance", instance };
        if (File.Exists(configPath)) args.AddRange(["--config", configPath]);
        var entry = new McpServerEntry("stdio", cchat, args, new Dictionary<string, string> { ["AGENTCHAT_GATEWAY_TOKEN"] = gatewayToken });
        var path = Path.Combine(dir, "mcp.json");
        PrivateFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(
            new McpConfig(new Dictionary<string, McpServerEntry> { [ServerName] = entry }), BridgeJsonContext.Default.McpConfig));
        return path;
    }
}
