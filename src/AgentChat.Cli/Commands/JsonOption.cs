using System.CommandLine;

namespace AgentChat.Cli.Commands;

internal static class JsonOption
{
    public static Option<bool> Create() => new("--json") { Description = "Print JSON for machines instead of text" };
}
