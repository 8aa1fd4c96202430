using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AgentChat.Configuration;

namespace AgentChat.Cli.Mcp;

/// <summary>
/// <c>cchat mcp --print-config</c>: the <c>.mcp.json</c> entry for this identity on stdout (so it can be redirected
/// into a file), where it goes and the <c>claude mcp add</c> one-liner on stderr. The identity travels as args,
/// because MCP clients drop most of the environment; secrets never do: the account stays in the config file.
/// </summary>
internal static class McpConfigPrinter
{
    public const string ProjectScope = "project";
    public const string UserScope = "user";
    public const string ServerName = "cchat";

    public static async Task<int> PrintAsync(AgentChatSettings settings, string configSource, string scope, TextWriter output, TextWriter error,
        CancellationToken ct)
    {
        var binary = Environment.ProcessPath ?? throw new UsageException("cannot tell where this cchat binary is; write the entry by hand");
        var args = Args(settings);
        await output.WriteLineAsync(Entry(binary, args).AsMemory(), ct);

        var where = scope == UserScope ? "your user config (~/.claude.json), for every project" : "the project's .mcp.json";
        await error.WriteLineAsync($"cchat mcp: this entry belongs in {where}; or register it with:");
        await error.WriteLineAsync($"  claude mcp add --scope {scope} {ServerName} -- {string.Join(' ', new[] { binary }.Concat(args).Select(ShellQuote))}");
        if (!McpIdentity.HasAccount(settings) || settings.UserId.Source != SettingSource.ConfigFile || settings.AccessToken.Source != SettingSource.ConfigFile)
        {
            await error.WriteLineAsync(
                $"cchat mcp: warning: the account is not (all) in {settings.ConfigPath} (chosen by {configSource}), and MCP clients do not pass " +
                $"AGENTCHAT_* variables: write it there with `cchat login --config {settings.ConfigPath} --homeserver URL --user NAME --password-stdin`.");
        }
        return ExitCodes.Ok;
    }

    /// <summary>The server's args: the config file that holds the account, and whatever identity came from flags or the environment.</summary>
    internal static List<string> Args(AgentChatSettings s)
    {
        var args = new List<string> { "mcp", "--config", Path.GetFullPath(s.ConfigPath) };
        if (s.Instance.HasValue || s.UserId.HasValue) args.AddRange(["--instance", s.InstanceName]);
        if (NotInFile(s.Homeserver)) args.AddRange(["--homeserver", s.Homeserver.Value!]);
        if (NotInFile(s.Room)) args.AddRange(["--room", s.Room.Value!]);
        if (NotInFile(s.Gateway)) args.AddRange(["--gateway", s.Gateway.Value!]);
        return args;
    }

    private static bool NotInFile(Setting s) => s.HasValue && s.Source is SettingSource.Flag or SettingSource.Environment;

    private static string Entry(string binary, IEnumerable<string> args)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartObject("mcpServers");
            json.WriteStartObject(ServerName);
            json.WriteString("type", "stdio");
            json.WriteString("command", binary);
            json.WriteStartArray("args");
            foreach (var a in args) json.WriteStringValue(a);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string ShellQuote(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@+,".Contains(c, StringComparison.Ordinal)) ? s : "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
