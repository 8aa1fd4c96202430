using AgentChat.Tests.Cli;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Leases;

/// <summary>The pre-commit hook in a real temporary git repository: refuses while another agent holds the path, allows after release.</summary>
public sealed class LeaseHookTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_hook_refuses_a_commit_on_a_held_path_then_allows_it_after_release()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        using var b = Cchat.For(server, bob, room);
        var repo = Path.Combine(b.Root, "repo");
        Directory.CreateDirectory(Path.Combine(repo, "src"));
        await LeaseGit.GitAsync(b, repo, "init", "-q");

        // A hook that is not ours stays, unless --force.
        var hook = Path.Combine(repo, ".git", "hooks", "pre-commit");
        Directory.CreateDirectory(Path.GetDirectoryName(hook)!);
        await File.WriteAllTextAsync(hook, "#!/bin/sh\nexit 0\n");
        var foreign = await b.RunAsync("lease", "install-hook", "--repo", repo);
        Assert.True(foreign.ExitCode == 1, foreign.StdErr);
        Assert.Contains("--force", foreign.StdErr, StringComparison.Ordinal);
        await b.OkAsync("lease", "install-hook", "--repo", repo, "--force");
        Assert.Contains("lease guard", await File.ReadAllTextAsync(hook), StringComparison.Ordinal);
        await b.OkAsync("lease", "install-hook", "--repo", repo); // ours: replaced without --force

        await a.OkAsync("lease", "take", "src/**", "--reason", "refactoring src"); // alice, direct mode
        await File.WriteAllTextAsync(Path.Combine(repo, "src", "a.cs"), "class A {}\n");
        await File.WriteAllTextAsync(Path.Combine(repo, "README.md"), "free\n");
        await LeaseGit.GitAsync(b, repo, "add", "README.md");
        await LeaseGit.GitAsync(b, repo, "commit", "-q", "-m", "a free path"); // nothing held: the hook lets it through

        await LeaseGit.GitAsync(b, repo, "add", "src/a.cs");
        var refused = await LeaseGit.RunGitAsync(b, repo, "commit", "-q", "-m", "touches a held path");
        Assert.True(refused.ExitCode != 0, refused.StdOut + refused.StdErr);
        Assert.Contains("src/a.cs", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains($"{alice.UserId.Localpart} ({alice.UserId})", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("until ", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("refactoring src", refused.StdErr, StringComparison.Ordinal);

        await a.OkAsync("lease", "release", "src/**");
        await LeaseGit.GitAsync(b, repo, "commit", "-q", "-m", "after the release");
        var log = await LeaseGit.GitAsync(b, repo, "log", "--oneline");
        Assert.Contains("after the release", log, StringComparison.Ordinal);
    }
}
