using System.CommandLine;
using AgentChat.Cli;

// No response files: Matrix ids start with '@', and `--invite @bot:server` must stay an argument.
var parse = CchatCommand.Create().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
return await parse.InvokeAsync();
