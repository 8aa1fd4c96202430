using AgentChat.Cli;

return await CchatCommand.Create().Parse(args).InvokeAsync();
