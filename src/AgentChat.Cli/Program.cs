using System.CommandLine;
using AgentChat.Cli;
using AgentChat.Cli.Commands;

// No response files: Matrix ids start with '@', and `--invite @bot:server` must stay an argument.
var parse = CchatCommand.Create().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
var invocation = new InvocationConfiguration();
// SIGTERM cancels the verb's token; the daemon gets time to say goodbye before the process exits anyway.
if (parse.CommandResult.Command is DaemonCommand) invocation.ProcessTerminationTimeout = DaemonCommand.ShutdownBudget;
return await parse.InvokeAsync(invocation);
