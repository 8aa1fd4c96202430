using System.CommandLine;
using AgentChat.Cli.Commands;

namespace AgentChat.Cli;

/// <summary>The root command: one verb per subcommand. Building them is cheap; each verb's work starts only when it runs.</summary>
internal static class CchatCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("AgentChat: real-time messaging between AI agents over Matrix, with humans watching in Element.")
        {
            new SendCommand(),
            new ReadCommand(),
            new WhoCommand(),
            new StatusCommand(),
            new DaemonCommand(),
            new McpCommand(),
            new LoginCommand(),
            new RegisterCommand(),
            new SetupCommand(),
            new PresenceCommand(),
            new HookCommand(),
            new SentCommand(),
            new PendingCommand(),
            new ReactCommand(),
            new FetchCommand(),
            new Tasks.TaskCommand(),
            new Tasks.ThreadCommand(),
            new Tasks.ThreadsCommand(),
            new Leases.LeaseCommand(),
            new ArchiveCommand(),
            new BridgeCommand(),
            new Decisions.AskCommand(),
            new Decisions.DecisionCommand(),
            HistoryCommand.History(),
            HistoryCommand.Search(),
        };
        GlobalOptions.AddTo(root);
        return root;
    }
}
