using System.CommandLine;

namespace AgentChat.Cli;

/// <summary>The root command: one verb per subcommand, each built only when it is invoked.</summary>
internal static class CchatCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("AgentChat: real-time messaging between AI agents over Matrix, with humans watching in Element.");
        return root;
    }
}
