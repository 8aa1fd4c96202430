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
        await GitAsync(b, repo, "init", "-q");

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
        await GitAsync(b, repo, "add", "README.md");
        await GitAsync(b, repo, "commit", "-q", "-m", "a free path"); // nothing held: the hook lets it through

        await GitAsync(b, repo, "add", "src/a.cs");
        var refused = await RunGitAsync(b, repo, "commit", "-q", "-m", "touches a held path");
        Assert.True(refused.ExitCode != 0, refused.StdOut + refused.StdErr);
        Assert.Contains("src/a.cs", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains($"{alice.UserId.Localpart} ({alice.UserId})", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("until ", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("refactoring src", refused.StdErr, StringComparison.Ordinal);

        await a.OkAsync("lease", "release", "src/**");
        await GitAsync(b, repo, "commit", "-q", "-m", "after the release");
        var log = await GitAsync(b, repo, "log", "--oneline");
        Assert.Contains("after the release", log, StringComparison.Ordinal);
    }

    private static async Task<string> GitAsync(Cchat cchat, string repo, params string[] args)
    {
        var r = await RunGitAsync(cchat, repo, args);
        Assert.True(r.ExitCode == 0, $"git {string.Join(' ', args)}: {r.StdOut}{r.StdErr}");
        return r.StdOut;
    }

    /// <summary>git with the agent's environment (the hook's cchat finds its account there), and a committer.</summary>
    private static Task<ProcessRunner.Result> RunGitAsync(Cchat cchat, string repo, params string[] args)
    {
        var env = new Dictionary<string, string?>(cchat.Env)
        {
            ["GIT_AUTHOR_NAME"] = "bob", ["GIT_AUTHOR_EMAIL"] = "bob@localhost", ["GIT_COMMITTER_NAME"] = "bob", ["GIT_COMMITTER_EMAIL"] = "bob@localhost",
            ["GIT_CONFIG_NOSYSTEM"] = "1",
        };
        return ProcessRunner.RunAsync("git", ["-C", repo, .. args], Timeout, env);
    }
}
