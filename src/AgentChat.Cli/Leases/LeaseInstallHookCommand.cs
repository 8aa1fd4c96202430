using System.CommandLine;
using AgentChat.Cli.Commands;

namespace AgentChat.Cli.Leases;

/// <summary>
/// <c>cchat lease install-hook [--repo DIR] [--force]</c>: writes the repository's pre-commit hook to run
/// <c>cchat lease guard</c>. A hook that is not ours stays unless <c>--force</c>.
/// </summary>
internal sealed class LeaseInstallHookCommand : CchatVerb
{
    public const string Marker = "# installed by `cchat lease install-hook`";

    private readonly Option<string?> _repo = new("--repo") { Description = "The repository (default: the current directory)" };
    private readonly Option<bool> _force = new("--force") { Description = "Replace a pre-commit hook that cchat did not write" };

    public LeaseInstallHookCommand() : base("install-hook", "Install the git pre-commit hook that runs `cchat lease guard`")
    {
        Add(_repo);
        Add(_force);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var repo = parse.GetValue(_repo);
        var hooks = (await Git.RunAsync(repo, ["rev-parse", "--git-path", "hooks"], ct)).Trim();
        var dir = Path.GetFullPath(hooks, Path.GetFullPath(repo ?? Directory.GetCurrentDirectory()));
        var file = Path.Combine(dir, "pre-commit");
        if (File.Exists(file) && !(await File.ReadAllTextAsync(file, ct)).Contains(Marker, StringComparison.Ordinal) && !parse.GetValue(_force))
            throw new UsageException($"{file} exists and is not cchat's: add `cchat lease guard` to it yourself, or give --force to replace it");
        var binary = Environment.ProcessPath ?? "cchat";
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(file, $"""
            #!/bin/sh
            {Marker}
            # Refuses a commit touching paths another live agent holds exclusively (docs/leases.md).
            exec '{binary.Replace("'", "'\\''", StringComparison.Ordinal)}' lease guard
            
            """, ct);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                   UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        await Out(parse).WriteLineAsync($"installed {file}: it runs `{binary} lease guard` before each commit");
        return ExitCodes.Ok;
    }
}
